"""Bodies of the format-proposal routes (rules.md §2.2 "format drift"), and their protobuf mapping."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from wie.locations.v1 import locations_pb2 as pb
from wie_common.proto_time import to_datetime

ProposalStatus = Literal["open", "accepted", "rejected"]


class FormatProposalOut(BaseModel):
    id: str
    warehouse_id: str
    pattern: str = Field(description="the code style the upload's codes detect as (a location_format)")
    parts: list[str]
    confidence: float = Field(description="share of the sample codes the pattern reads")
    status: ProposalStatus
    detected_at: datetime = Field(description="when an upload first drifted to this style")
    report_id: str = Field(description="the report of that upload")
    sample_codes: list[str] = Field(description="codes of that upload the learned format does not read")
    affected_count: int = Field(description="distinct storage-looking codes the learned format does not read")
    storage_code_count: int = Field(description="distinct storage-looking codes of that upload")
    detections: int = Field(description="uploads that drifted to this style while the proposal was open")
    last_detected_at: datetime
    last_report_id: str
    reviewed_by: str | None = Field(description="user id of the admin who accepted or rejected it")
    reviewed_at: datetime | None

    @classmethod
    def from_pb(cls, p: pb.FormatProposal) -> FormatProposalOut:
        return cls(
            id=p.id,
            warehouse_id=p.warehouse_id,
            pattern=p.pattern,
            parts=list(p.parts),
            confidence=p.confidence,
            status=p.status,  # the service answers only these spellings
            detected_at=to_datetime(p.detected_at),
            report_id=p.report_id,
            sample_codes=list(p.sample_codes),
            affected_count=p.affected_count,
            storage_code_count=p.storage_code_count,
            detections=p.detections,
            last_detected_at=to_datetime(p.last_detected_at),
            last_report_id=p.last_report_id,
            reviewed_by=p.reviewed_by or None,
            reviewed_at=to_datetime(p.reviewed_at) if p.HasField("reviewed_at") else None,
        )


class FormatProposalList(BaseModel):
    items: list[FormatProposalOut] = Field(description="newest first")
