"""Sessions: sign-in, refresh-token rotation with reuse detection (reuse revokes the family), logout."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from auth_service.domain.attempt_limits import AttemptLimits
from auth_service.domain.clock import Clock, utc_now
from auth_service.domain.keyring import Keyring
from auth_service.domain.passwords import verify_password
from auth_service.domain.ports import UnitOfWork, UserRecord
from auth_service.domain.tokens import AccessClaims, hash_refresh_token, issue_access_token, new_refresh_token
from auth_service.domain.validation import USERNAME_RE
from wie_common.errors import Unauthenticated


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


class Sessions:
    def __init__(
        self,
        uow: UnitOfWork,
        config: TokenConfig,
        keyring: Keyring,
        limits: AttemptLimits,
        *,
        clock: Clock = utc_now,
    ) -> None:
        self.uow = uow
        self.config = config
        self.keyring = keyring
        self.limits = limits
        self.clock = clock

    def issue_token(self, username: str, password: str, client_address: str = "") -> TokenPair:
        ticket = self.limits.before_signin(username or "", client_address)
        try:
            user = None
            if USERNAME_RE.match(username or ""):  # anything else cannot be an account; don't query for it
                with self.uow() as repo:
                    user = repo.get_user_by_name(username)
            # Verified even without a user (against a dummy hash), so timing does not reveal usernames.
            right = verify_password(password, user.password_hash if user else None) and user is not None
        except BaseException:
            self.limits.abandon(ticket)  # not a wrong password: the database or the process failed
            raise
        if not right or user is None:
            self.limits.signin_failed(ticket)
            raise Unauthenticated("incorrect username or password", reason="bad_credentials")
        self.limits.signin_succeeded(ticket)
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
            self.keyring.current(),
            AccessClaims(str(user.id), user.username, user.role),
            now=now,
            ttl_s=self.config.access_ttl_s,
            issuer=self.config.issuer,
            audience=self.config.audience,
        )
        return TokenPair(access, self.config.access_ttl_s, token)
