"""Auth use cases: registration, tokens with rotation and reuse detection, invitations, warehouse access."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from auth_service.domain.keys import SigningKey, jwks_json
from auth_service.domain.passwords import hash_password, verify_password
from auth_service.domain.ports import AccessRecord, InvitationRecord, UnitOfWork, UserRecord
from auth_service.domain.tokens import AccessClaims, hash_refresh_token, issue_access_token, new_refresh_token
from auth_service.domain.validation import USERNAME_RE, validate_invitation, validate_registration
from wie_common.context import ACCESS_RANK, Caller
from wie_common.errors import (
    AlreadyExists,
    Conflict,
    FieldError,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)

SYSTEM_USERNAME = "system"
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # invitation codes; anything else is simply unknown


@dataclass(frozen=True)
class TokenConfig:
    access_ttl_s: int
    refresh_ttl_days: int
    issuer: str
    audience: str


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_in: int
    refresh_token: str


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError) as exc:
        raise NotFound(f"{what} not found", reason=f"{what}_not_found") from exc


class AuthService:
    def __init__(
        self,
        uow: UnitOfWork,
        config: TokenConfig,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        configured_key: SigningKey | None = None,
    ) -> None:
        self.uow = uow
        self.config = config
        self.clock = clock
        self._configured_key = configured_key
        self._keys: list[SigningKey] | None = None

    # keys ---------------------------------------------------------------------------------------------
    def keys(self) -> list[SigningKey]:
        if self._keys is None:
            if self._configured_key is not None:
                self._keys = [self._configured_key]
            else:
                with self.uow() as repo:
                    keys = repo.signing_keys()
                if not keys:
                    raise RuntimeError("no signing key: run `python -m auth_service migrate` first")
                self._keys = keys
        return self._keys

    def jwks(self) -> str:
        return jwks_json(self.keys())

    # accounts ------------------------------------------------------------------------------------------
    def register(self, username: str, password: str, invitation_code: str) -> UserRecord:
        validate_registration(username, password)
        password_hash = hash_password(password)  # hashed before the transaction: it is the slow part
        with self.uow() as repo:
            if repo.get_user_by_name(username) is not None:
                raise AlreadyExists(f"username '{username}' is taken", reason="username_taken")
            code = invitation_code.strip()
            invitation = repo.consume_invitation(code, self.clock()) if CODE_RE.match(code) else None
            if invitation is None:
                raise InvalidArgument(
                    "the invitation code is unknown, used up, expired or deactivated",
                    reason="invalid_invitation_code",
                    errors=[FieldError("invitation_code", "unknown, used up, expired or deactivated")],
                )
            role = invitation.first_use_role if invitation.uses == 1 else "member"
            return repo.add_user(username, password_hash, role)

    def issue_token(self, username: str, password: str) -> TokenPair:
        user = None
        if USERNAME_RE.match(username or ""):  # anything else cannot be an account; don't query for it
            with self.uow() as repo:
                user = repo.get_user_by_name(username)
        if not verify_password(password, user.password_hash if user else None) or user is None:
            raise Unauthenticated("incorrect username or password", reason="bad_credentials")
        return self._new_pair(user, family_id=uuid.uuid4())

    def refresh(self, refresh_token: str) -> TokenPair:
        now = self.clock()
        reused = False
        with self.uow() as repo:
            record = repo.get_refresh_for_update(hash_refresh_token(refresh_token))
            if record is None:
                raise Unauthenticated("invalid refresh token", reason="invalid_refresh_token")
            if record.used_at is not None or record.revoked_at is not None:
                # Reuse of a rotated token means it leaked: revoke the whole family (committed below).
                repo.revoke_family(record.family_id, now)
                reused = True
            elif record.expires_at <= now:
                raise Unauthenticated("refresh token expired", reason="refresh_token_expired")
            else:
                repo.mark_refresh_used(record.id, now)
                user = repo.get_user(record.user_id)
        if reused:
            raise Unauthenticated(
                "refresh token already used; its session is revoked", reason="refresh_token_reused"
            )
        if user is None:
            raise Unauthenticated("invalid refresh token", reason="invalid_refresh_token")
        return self._new_pair(user, family_id=record.family_id)

    def logout(self, refresh_token: str) -> None:
        with self.uow() as repo:
            record = repo.get_refresh_for_update(hash_refresh_token(refresh_token))
            if record is not None:
                repo.revoke_family(record.family_id, self.clock())

    def _new_pair(self, user: UserRecord, family_id: uuid.UUID) -> TokenPair:
        now = self.clock()
        token = new_refresh_token()
        with self.uow() as repo:
            repo.add_refresh(
                hash_refresh_token(token),
                family_id,
                user.id,
                now + timedelta(days=self.config.refresh_ttl_days),
            )
        access = issue_access_token(
            self.keys()[-1],
            AccessClaims(str(user.id), user.username, user.role),
            now=now,
            ttl_s=self.config.access_ttl_s,
            issuer=self.config.issuer,
            audience=self.config.audience,
        )
        return TokenPair(access, self.config.access_ttl_s, token)

    def me(self, caller: Caller) -> tuple[UserRecord, list[AccessRecord]]:
        user_id = _uuid(caller.user_id, "user")
        with self.uow() as repo:
            user = repo.get_user(user_id)
            if user is None:
                raise Unauthenticated("the account no longer exists", reason="unknown_user")
            return user, repo.list_access_for_user(user_id)

    # invitations ---------------------------------------------------------------------------------------
    def create_invitation(
        self, caller: Caller, max_uses: int, expires_in_days: int, note: str
    ) -> InvitationRecord:
        validate_invitation(max_uses, expires_in_days)
        expires_at = self.clock() + timedelta(days=expires_in_days) if expires_in_days else None
        with self.uow() as repo:
            return repo.add_invitation(
                secrets.token_urlsafe(9).upper().replace("-", "X").replace("_", "Y"),
                max_uses,
                expires_at,
                note[:500],
                _uuid(caller.user_id, "user"),
            )

    def list_invitations(self, caller: Caller) -> list[InvitationRecord]:
        with self.uow() as repo:
            return repo.list_invitations(None if caller.role == "admin" else _uuid(caller.user_id, "user"))

    def deactivate_invitation(self, caller: Caller, code: str) -> InvitationRecord:
        with self.uow() as repo:
            invitation = repo.get_invitation(code) if CODE_RE.match(code) else None
            mine = invitation is not None and str(invitation.created_by) == caller.user_id
            if invitation is None or not (mine or caller.role == "admin"):
                raise NotFound(f"invitation '{code}' not found", reason="invitation_not_found")
            updated = repo.deactivate_invitation(code)
            assert updated is not None
            return updated

    def check_invitation(self, code: str) -> tuple[bool, str]:
        if not CODE_RE.match(code.strip()):
            return False, "unknown code"
        with self.uow() as repo:
            inv = repo.get_invitation(code.strip())
        if inv is None:
            return False, "unknown code"
        if not inv.is_active:
            return False, "deactivated"
        if inv.expires_at is not None and inv.expires_at <= self.clock():
            return False, "expired"
        if inv.uses >= inv.max_uses:
            return False, "used up"
        return True, ""

    # warehouse access ----------------------------------------------------------------------------------
    def grant_access(
        self, caller: Caller, warehouse_id: str, username: str, user_id: str, access: str
    ) -> AccessRecord:
        if access not in ACCESS_RANK:
            raise InvalidArgument(
                "access must be READ, WRITE or ADMIN", errors=[FieldError("access", "READ|WRITE|ADMIN")]
            )
        with self.uow() as repo:
            target = repo.get_user_by_name(username) if username else repo.get_user(_uuid(user_id, "user"))
            if target is None or target.role == "system":
                raise NotFound(f"user '{username or user_id}' not found", reason="user_not_found")
            entries = repo.list_access_for_warehouse(warehouse_id)
            is_new_warehouse = (
                not entries and target.id == _uuid(caller.user_id, "user") and access == "ADMIN"
            )
            # The creator of a new warehouse makes itself ADMIN; afterwards only an ADMIN grants access.
            if not is_new_warehouse:
                self._require_admin(caller, entries, warehouse_id)
                self._keep_an_admin(entries, target.id, access)
            repo.grant_access(target.id, warehouse_id, access)
            return AccessRecord(target.id, target.username, warehouse_id, access)

    def revoke_access(self, caller: Caller, warehouse_id: str, username: str, user_id: str) -> None:
        with self.uow() as repo:
            target = repo.get_user_by_name(username) if username else repo.get_user(_uuid(user_id, "user"))
            entries = repo.list_access_for_warehouse(warehouse_id)
            self._require_admin(caller, entries, warehouse_id)
            if target is None or not any(e.user_id == target.id for e in entries):
                raise NotFound(
                    f"user '{username or user_id}' has no access to this warehouse", reason="access_not_found"
                )
            self._keep_an_admin(entries, target.id, None)
            repo.revoke_access(target.id, warehouse_id)

    def forget_warehouse(self, caller: Caller, warehouse_id: str) -> int:
        """After the locations service deleted a warehouse: no entry may outlive it, not even an ADMIN."""
        with self.uow() as repo:
            self._require_admin(caller, repo.list_access_for_warehouse(warehouse_id), warehouse_id)
            return repo.forget_warehouse(warehouse_id)

    def check_access(self, warehouse_id: str, user_id: str, required: str) -> str | None:
        with self.uow() as repo:
            held = repo.get_access(_uuid(user_id, "user"), warehouse_id)
        if held is None:
            return None
        return held if ACCESS_RANK[held] >= ACCESS_RANK.get(required, 1) else None

    def list_warehouse_access(self, caller: Caller, warehouse_id: str) -> list[AccessRecord]:
        with self.uow() as repo:
            entries = repo.list_access_for_warehouse(warehouse_id)
        if not any(str(e.user_id) == caller.user_id for e in entries):
            raise NotFound("warehouse not found", reason="warehouse_not_found")
        return entries

    def list_user_warehouses(self, user_id: str) -> list[AccessRecord]:
        with self.uow() as repo:
            return repo.list_access_for_user(_uuid(user_id, "user"))

    @staticmethod
    def _require_admin(caller: Caller, entries: list[AccessRecord], warehouse_id: str) -> None:
        mine = next((e for e in entries if str(e.user_id) == caller.user_id), None)
        if mine is None:
            raise NotFound("warehouse not found", reason="warehouse_not_found")
        if mine.access != "ADMIN":
            raise PermissionDenied(
                "managing access needs ADMIN access to the warehouse", reason="admin_required"
            )

    @staticmethod
    def _keep_an_admin(entries: list[AccessRecord], target: uuid.UUID, new_access: str | None) -> None:
        admins = [e for e in entries if e.access == "ADMIN"]
        if new_access != "ADMIN" and len(admins) == 1 and admins[0].user_id == target:
            raise Conflict("a warehouse keeps at least one ADMIN", reason="last_admin")
