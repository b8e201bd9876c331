"""Accounts: registration with an invitation code, and who the signed-in caller is."""

from __future__ import annotations

from auth_service.domain.attempt_limits import AttemptLimits
from auth_service.domain.clock import Clock, utc_now
from auth_service.domain.passwords import hash_password
from auth_service.domain.ports import AccessRecord, UnitOfWork, UserRecord
from auth_service.domain.signed_in import signed_in_user
from auth_service.domain.validation import INVITATION_CODE_RE, validate_registration
from wie_common.context import Caller
from wie_common.errors import AlreadyExists, FieldError, InvalidArgument

SYSTEM_USERNAME = "system"
REASON_INVALID_CODE = "invalid_invitation_code"


class Accounts:
    def __init__(self, uow: UnitOfWork, limits: AttemptLimits, *, clock: Clock = utc_now) -> None:
        self.uow = uow
        self.limits = limits
        self.clock = clock

    def register(
        self, username: str, password: str, invitation_code: str, client_address: str = ""
    ) -> UserRecord:
        validate_registration(username, password)
        held = self.limits.before_registration(client_address)
        wrong_code = False
        try:
            password_hash = hash_password(password)  # before the transaction: it is the slow part
            return self._register(username, password_hash, invitation_code)
        except InvalidArgument as err:
            wrong_code = err.reason == REASON_INVALID_CODE
            raise
        finally:
            if wrong_code:
                self.limits.registration_failed()  # its reserved failure stays counted
            else:
                self.limits.release(held)

    def _register(self, username: str, password_hash: str, invitation_code: str) -> UserRecord:
        with self.uow() as repo:
            if repo.get_user_by_name(username) is not None:
                raise AlreadyExists(f"username '{username}' is taken", reason="username_taken")
            code = invitation_code.strip()
            invitation = (
                repo.consume_invitation(code, self.clock()) if INVITATION_CODE_RE.match(code) else None
            )
            if invitation is None:
                raise InvalidArgument(
                    "the invitation code is unknown, used up, expired or deactivated",
                    reason=REASON_INVALID_CODE,
                    errors=[FieldError("invitation_code", "unknown, used up, expired or deactivated")],
                )
            # The first use of the bootstrap invitation makes the platform's admin.
            role = invitation.first_use_role if invitation.uses == 1 else "member"
            return repo.add_user(username, password_hash, role)

    def me(self, caller: Caller) -> tuple[UserRecord, list[AccessRecord]]:
        with self.uow() as repo:
            user = signed_in_user(repo, caller)
            return user, repo.list_access_for_user(user.id)
