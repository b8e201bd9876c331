"""datetime ⇄ google.protobuf.Timestamp, the one conversion every servicer and the gateway use."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp


def ts(value: datetime | None) -> Timestamp | None:
    """A Timestamp, or None (leaves the message field unset) for a missing datetime."""
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(value)
    return out


def from_ts(msg: Message, field: str) -> datetime | None:
    """The aware UTC datetime of `msg.field`, or None when the field is unset."""
    if not msg.HasField(field):
        return None
    value: Timestamp = getattr(msg, field)
    return value.ToDatetime(tzinfo=UTC)


def to_datetime(value: Timestamp) -> datetime:
    """The aware UTC datetime of a Timestamp that is always set."""
    return value.ToDatetime(tzinfo=UTC)
