"""Request and response bodies of the auth and invitation routes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class RegisterIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"username": "alice", "password": "a-long-password", "invitation_code": "BOOTSTRAP2025"}
            ]
        }
    )

    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=8, max_length=256)
    invitation_code: str = Field(min_length=1, max_length=64)


class UserOut(BaseModel):
    id: str
    username: str
    role: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int
    refresh_token: str


class RefreshIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"refresh_token": "kJ3u…the refresh_token of POST /auth/token"}]}
    )

    refresh_token: str = Field(min_length=1, max_length=512)


class WarehouseAccessOut(BaseModel):
    warehouse_id: str
    access: str


class MeOut(UserOut):
    warehouses: list[WarehouseAccessOut]


class InvitationIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"max_uses": 5, "expires_in_days": 14, "note": "night shift"}]}
    )

    max_uses: int = Field(ge=1, le=100)
    expires_in_days: int | None = Field(default=None, ge=1, le=365)
    note: str | None = Field(default=None, max_length=500)


class InvitationOut(BaseModel):
    code: str
    max_uses: int
    uses: int
    is_active: bool
    expires_at: datetime | None
    note: str
    created_by: str
    created_at: datetime | None


class InvitationList(BaseModel):
    items: list[InvitationOut]
