"""Who may read, write or administer each warehouse: the access list this service keeps.

Checks go through the platform's `require_access`, against the rows of this service (read in the same
transaction as the change) rather than the caller's metadata, which the gateway builds from these very rows.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from auth_service.domain.ports import AccessRecord, UnitOfWork
from auth_service.domain.signed_in import signed_in_user
from auth_service.domain.user_ids import user_uuid
from wie_common.access import require_access
from wie_common.context import ACCESS_RANK, Caller
from wie_common.errors import Conflict, FieldError, InvalidArgument, NotFound, PermissionDenied


def _as_recorded(caller: Caller, entries: list[AccessRecord]) -> Caller:
    """The caller with the access these entries (one warehouse's list) give it."""
    return replace(
        caller, warehouses={e.warehouse_id: e.access for e in entries if str(e.user_id) == caller.user_id}
    )


def _keep_an_admin(entries: list[AccessRecord], target: uuid.UUID, new_access: str | None) -> None:
    admins = [e for e in entries if e.access == "ADMIN"]
    if new_access != "ADMIN" and len(admins) == 1 and admins[0].user_id == target:
        raise Conflict("a warehouse keeps at least one ADMIN", reason="last_admin")


class WarehouseAccess:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def grant_access(
        self, caller: Caller, warehouse_id: str, username: str, user_id: str, access: str
    ) -> AccessRecord:
        if access not in ACCESS_RANK:
            raise InvalidArgument(
                "access must be READ, WRITE or ADMIN", errors=[FieldError("access", "READ|WRITE|ADMIN")]
            )
        with self.uow() as repo:
            target = repo.get_user_by_name(username) if username else repo.get_user(user_uuid(user_id))
            if target is None or target.role == "system":
                raise NotFound(f"user '{username or user_id}' not found", reason="user_not_found")
            entries = repo.list_access_for_warehouse(warehouse_id)
            is_new_warehouse = not entries and target.id == user_uuid(caller.user_id) and access == "ADMIN"
            # The creator of a new warehouse makes itself ADMIN; afterwards only an ADMIN grants access.
            if not is_new_warehouse:
                require_access(_as_recorded(caller, entries), warehouse_id, "ADMIN")
                _keep_an_admin(entries, target.id, access)
            repo.grant_access(target.id, warehouse_id, access)
            return AccessRecord(target.id, target.username, warehouse_id, access)

    def revoke_access(self, caller: Caller, warehouse_id: str, username: str, user_id: str) -> None:
        with self.uow() as repo:
            target = repo.get_user_by_name(username) if username else repo.get_user(user_uuid(user_id))
            entries = repo.list_access_for_warehouse(warehouse_id)
            require_access(_as_recorded(caller, entries), warehouse_id, "ADMIN")
            if target is None or not any(e.user_id == target.id for e in entries):
                raise NotFound(
                    f"user '{username or user_id}' has no access to this warehouse", reason="access_not_found"
                )
            _keep_an_admin(entries, target.id, None)
            repo.revoke_access(target.id, warehouse_id)

    def forget_warehouse(self, caller: Caller, warehouse_id: str) -> int:
        """After the locations service deleted a warehouse: no entry may outlive it, not even an ADMIN."""
        with self.uow() as repo:
            require_access(
                _as_recorded(caller, repo.list_access_for_warehouse(warehouse_id)), warehouse_id, "ADMIN"
            )
            return repo.forget_warehouse(warehouse_id)

    def list_warehouse_access(self, caller: Caller, warehouse_id: str) -> list[AccessRecord]:
        with self.uow() as repo:
            entries = repo.list_access_for_warehouse(warehouse_id)
        require_access(_as_recorded(caller, entries), warehouse_id, "READ")
        return entries

    def check_access(self, warehouse_id: str, user_id: str, required: str) -> str | None:
        """The level a user holds if it is at least `required` (READ when unknown), else None."""
        with self.uow() as repo:
            held = repo.get_access(user_uuid(user_id), warehouse_id)
        if held is None:
            return None
        return held if ACCESS_RANK[held] >= ACCESS_RANK.get(required, 1) else None

    def list_user_warehouses(self, caller: Caller, user_id: str) -> list[AccessRecord]:
        """A signed-in user lists its own warehouses (the gateway does, on every request), an admin anyone's.

        The caller's own account must still exist: a valid token of a deleted account is UNAUTHENTICATED here,
        so every route answers 401 for it rather than failing later on a foreign key.
        """
        target = user_id or caller.user_id
        if caller.user_id != target and caller.role != "admin":
            raise PermissionDenied("a user may list only its own warehouses", reason="not_own_warehouses")
        with self.uow() as repo:
            signed_in_user(repo, caller)
            if target != caller.user_id and repo.get_user(user_uuid(target)) is None:
                raise NotFound(f"user {target} not found", reason="user_not_found")
            return repo.list_access_for_user(user_uuid(target))
