"""The account behind a signed-in caller: a valid token of a deleted account signs in nobody."""

from __future__ import annotations

from auth_service.domain.ports import AuthRepository, UserRecord
from auth_service.domain.user_ids import user_uuid
from wie_common.context import Caller
from wie_common.errors import Unauthenticated

REASON_UNKNOWN_USER = "unknown_user"


def signed_in_user(repo: AuthRepository, caller: Caller) -> UserRecord:
    """The caller's account row; UNAUTHENTICATED (never a foreign-key crash later) when it is gone."""
    user = repo.get_user(user_uuid(caller.user_id))
    if user is None:
        raise Unauthenticated("the account no longer exists", reason=REASON_UNKNOWN_USER)
    return user
