"""Issuing and revoking API keys: a key is usable once its record is on the key topic."""

from __future__ import annotations

from datetime import UTC, datetime

from livinglab_common.keys import ApiKeyRecord, KeyRing, Role, hash_secret, new_token, revoked

from registry.adapters.kafka_publisher import Publisher


class UnknownKey(Exception):
    pass


class KeyService:
    def __init__(self, ring: KeyRing, publisher: Publisher, topic: str, pepper: str) -> None:
        self._ring = ring
        self._publisher = publisher
        self._topic = topic
        self._pepper = pepper

    async def issue(
        self,
        system: str,
        role: Role,
        sources: tuple[str, ...] = (),
        granted_aggregates: tuple[str, ...] = (),
        expires_at: datetime | None = None,
    ) -> tuple[ApiKeyRecord, str]:
        key_id, secret, token = new_token()
        record = ApiKeyRecord(
            key_id=key_id,
            secret_hash=hash_secret(self._pepper, secret),
            system=system,
            role=role,
            sources=sources,
            granted_aggregates=granted_aggregates,
            created_at=datetime.now(UTC),
            expires_at=expires_at,
        )
        await self._store(record)
        return record, token

    async def revoke(self, key_id: str) -> ApiKeyRecord:
        record = self._ring.get(key_id)
        if record is None:
            raise UnknownKey(key_id)
        if record.revoked_at is None:
            record = revoked(record, datetime.now(UTC))
            await self._store(record)
        return record

    async def grant(self, key_id: str, aggregate_ids: tuple[str, ...]) -> ApiKeyRecord:
        record = self._ring.get(key_id)
        if record is None:
            raise UnknownKey(key_id)
        merged = tuple(dict.fromkeys(record.granted_aggregates + aggregate_ids))
        record = record.model_copy(update={"granted_aggregates": merged})
        await self._store(record)
        return record

    async def _store(self, record: ApiKeyRecord) -> None:
        await self._publisher.publish(
            self._topic, record.key_id.encode(), record.model_dump_json().encode()
        )
        self._ring.apply(record)  # usable at once, before the follower sees the record
