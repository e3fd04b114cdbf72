"""Webhook secrets at rest: sealed with Fernet on the subscriptions topic, opened with the
configured keys, legacy plain records still read, and anything else refused by field name only."""

from __future__ import annotations

import orjson
import pytest
from notifications.domain.secret_box import SecretBox, SecretNotOpened
from notifications.domain.subscriptions import (
    SECRET_NOT_OPENED,
    SubscriptionBook,
    from_record,
    to_record,
)
from notifications.service_layer.subscriptions import CreateSubscription, SubscriptionService
from pydantic import ValidationError

from tests.unit.notifications.builders import SECRET, subscription
from tests.unit.notifications.fakes import FakeResolver, InMemoryWriter

KEY = "unit-webhook-secret-key-0123456789abcdef"
OTHER_KEY = "another-webhook-secret-key-fedcba9876543210"


def stored_secret(record: bytes) -> object:
    return orjson.loads(record)["webhook"]["secret"]


def test_the_stored_record_holds_only_a_sealed_secret_and_reads_back_whole() -> None:
    box = SecretBox([KEY])
    original = subscription()
    record = to_record(original, box)

    assert SECRET.encode() not in record
    sealed = stored_secret(record)
    assert isinstance(sealed, dict) and set(sealed) == {"fernet"}
    assert sealed["fernet"].startswith("gAAAAA")  # a Fernet token (version byte 0x80)
    read = from_record(record, box)
    assert read == original
    assert read.webhook is not None and read.webhook.secret.get_secret_value() == SECRET


def test_sealing_twice_gives_different_tokens() -> None:
    box, original = SecretBox([KEY]), subscription()
    assert stored_secret(to_record(original, box)) != stored_secret(to_record(original, box))


def test_a_subscription_without_a_webhook_round_trips() -> None:
    box, original = SecretBox([KEY]), subscription(webhook=False)
    assert from_record(to_record(original, box), box) == original


def test_a_secret_sealed_with_another_key_is_refused_by_field_name_only() -> None:
    record = to_record(subscription(), SecretBox([OTHER_KEY]))
    token = stored_secret(record)["fernet"]  # type: ignore[index]

    with pytest.raises(ValidationError) as refused:
        from_record(record, SecretBox([KEY]))

    [error] = refused.value.errors()
    assert error["loc"] == ("webhook", "secret") and error["type"] == SECRET_NOT_OPENED
    assert SECRET not in error["msg"] and token not in error["msg"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
        lambda token: token[:40],
        lambda token: "not base64 at all!",
        lambda token: "gAAAAAé",
    ],
    ids=["altered", "cut", "not-base64", "not-ascii"],
)
def test_an_altered_or_broken_token_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    box = SecretBox([KEY])
    data = orjson.loads(to_record(subscription(), box))
    data["webhook"]["secret"]["fernet"] = tamper(data["webhook"]["secret"]["fernet"])
    with pytest.raises(ValidationError) as refused:
        from_record(orjson.dumps(data), box)
    assert [e["type"] for e in refused.value.errors()] == [SECRET_NOT_OPENED]


@pytest.mark.parametrize("sealed", [{}, {"fernet": 42}, {"aes": "x"}])
def test_a_sealed_secret_of_the_wrong_shape_is_refused(sealed: object) -> None:
    data = orjson.loads(to_record(subscription(), SecretBox([KEY])))
    data["webhook"]["secret"] = sealed
    with pytest.raises(ValidationError) as refused:
        from_record(orjson.dumps(data), SecretBox([KEY]))
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [
        (("webhook", "secret"), SECRET_NOT_OPENED)
    ]


def test_a_record_written_before_sealing_still_reads_with_its_plain_secret() -> None:
    data = orjson.loads(to_record(subscription(), SecretBox([KEY])))
    data["webhook"]["secret"] = SECRET  # how records looked before secrets were sealed
    read = from_record(orjson.dumps(data), SecretBox([KEY]))
    assert read.webhook is not None and read.webhook.secret.get_secret_value() == SECRET


def test_rotation_the_first_key_seals_and_every_key_opens() -> None:
    old, new = SecretBox([OTHER_KEY]), SecretBox([KEY, OTHER_KEY])
    before = to_record(subscription(), old)
    after = to_record(subscription(), new)

    assert from_record(before, new).webhook == from_record(before, old).webhook
    assert from_record(after, SecretBox([KEY])).webhook is not None  # sealed with the new key
    with pytest.raises(ValidationError):
        from_record(after, old)


def test_without_a_box_json_holds_no_secret_and_a_sealed_one_is_not_read() -> None:
    original = subscription()
    assert SECRET not in original.model_dump_json()
    assert SECRET not in repr(original)
    with pytest.raises(ValidationError) as refused:
        type(original).model_validate_json(to_record(original, SecretBox([KEY])))
    assert [e["type"] for e in refused.value.errors()] == [SECRET_NOT_OPENED]


def test_the_box_itself_refuses_plainly_and_hides_its_keys() -> None:
    box = SecretBox([KEY, OTHER_KEY])
    assert box.open(box.seal("s3cret-ü")) == "s3cret-ü"
    with pytest.raises(SecretNotOpened):
        SecretBox([OTHER_KEY]).open(SecretBox([KEY]).seal("x"))
    assert KEY not in repr(box) and OTHER_KEY not in repr(box)
    for keys in ([], [""], [KEY, ""]):
        with pytest.raises(ValueError):
            SecretBox(keys)


async def test_creating_a_subscription_writes_the_secret_sealed() -> None:
    writer, box = InMemoryWriter(), SecretBox([KEY])
    resolver = FakeResolver({"hooks.example.org": ["93.184.215.14"]})
    service = SubscriptionService(SubscriptionBook(), writer, "subs", box, resolver, False, 3)
    created = await service.create(
        CreateSubscription(
            owner="crm-zuid",
            key_id="k1234567",
            name="",
            filters=subscription().filters,
            webhook_url="https://hooks.example.org/in",
            webhook_secret=SECRET,
        )
    )
    [record] = writer.topics["subs"]
    assert record.value is not None and SECRET.encode() not in record.value
    assert from_record(record.value, box) == created
    assert created.webhook is not None and created.webhook.secret.get_secret_value() == SECRET
