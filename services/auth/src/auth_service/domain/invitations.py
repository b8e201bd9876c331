"""Invitations: the codes that let someone register; their owner (or an admin) lists and deactivates them."""

from __future__ import annotations

import secrets
from datetime import timedelta

from auth_service.domain.clock import Clock, utc_now
from auth_service.domain.ports import InvitationRecord, UnitOfWork
from auth_service.domain.signed_in import signed_in_user
from auth_service.domain.user_ids import user_uuid
from auth_service.domain.validation import INVITATION_CODE_RE, validate_invitation
from wie_common.context import Caller
from wie_common.errors import NotFound


def _new_code() -> str:
    # Upper case without '-' and '_': easy to read out and type.
    return secrets.token_urlsafe(9).upper().replace("-", "X").replace("_", "Y")


class Invitations:
    def __init__(self, uow: UnitOfWork, *, clock: Clock = utc_now) -> None:
        self.uow = uow
        self.clock = clock

    def create_invitation(
        self, caller: Caller, max_uses: int, expires_in_days: int, note: str
    ) -> InvitationRecord:
        validate_invitation(max_uses, expires_in_days)
        expires_at = self.clock() + timedelta(days=expires_in_days) if expires_in_days else None
        with self.uow() as repo:
            creator = signed_in_user(repo, caller)  # its row is the invitation's foreign key
            return repo.add_invitation(_new_code(), max_uses, expires_at, note[:500], creator.id)

    def list_invitations(self, caller: Caller) -> list[InvitationRecord]:
        """An admin sees every invitation, anyone else its own."""
        with self.uow() as repo:
            return repo.list_invitations(None if caller.role == "admin" else user_uuid(caller.user_id))

    def deactivate_invitation(self, caller: Caller, code: str) -> InvitationRecord:
        with self.uow() as repo:
            invitation = repo.get_invitation(code) if INVITATION_CODE_RE.match(code) else None
            mine = invitation is not None and str(invitation.created_by) == caller.user_id
            if invitation is None or not (mine or caller.role == "admin"):
                raise NotFound(f"invitation '{code}' not found", reason="invitation_not_found")
            updated = repo.deactivate_invitation(code)
            assert updated is not None  # found in this transaction, and invitations are never deleted
            return updated

    def check_invitation(self, code: str) -> tuple[bool, str]:
        """Whether a code would register someone now, and if not, why (for the sign-up form)."""
        if not INVITATION_CODE_RE.match(code.strip()):
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
