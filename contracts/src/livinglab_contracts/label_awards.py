"""A living lab's ENoLL-style label reaches the partner profile (contract 1.4, issue 19).

The labelling workflow (labelling.py) runs on its own topic, which matching does not read. When
a coordinator's decision admits a lab, the registry writes `partner.label-awarded` about the host
partner on the partners topic, once per application (docs/labelling.md). Like the freshness
notices it is registry-written: it carries the partner's current sequence and does not move it,
and partner systems cannot post it (catalog.REGISTRY_WRITTEN_TYPES).
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, Field, field_validator

from livinglab_contracts.fields import FROZEN, AggregateId, Name
from livinglab_contracts.labelling import MemberType

NETWORK: Final = "ENoLL"


class PartnerLabelAwarded(BaseModel):
    model_config = FROZEN

    partner_id: AggregateId = Field(description="The host partner of the labelled lab")
    network: Literal["ENoLL"] = Field(default=NETWORK, description="The network awarding it")
    member_type: MemberType = Field(description="The recorded decision; never not_admitted")
    label_year: int = Field(ge=2000, le=2100, description="The wave's label year")
    lab_name: Name = Field(description="The lab as it applied")
    application_id: AggregateId = Field(description="The decided labelling application")

    @field_validator("member_type")
    @classmethod
    def _admitted(cls, value: MemberType) -> MemberType:
        if value is MemberType.NOT_ADMITTED:
            raise ValueError("a decision of not_admitted awards no label")
        return value
