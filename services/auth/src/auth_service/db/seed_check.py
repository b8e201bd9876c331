"""What `python -m auth_service verify` expects of the seeds: the bootstrap invitation and a signing key."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from auth_service.settings import AuthSettings


def check_seeds(conn: Connection) -> Sequence[str]:
    settings = AuthSettings()
    problems = []
    invitation = conn.execute(
        text("SELECT 1 FROM auth.invitations WHERE code = :c"), {"c": settings.bootstrap_invitation_code}
    ).first()
    if invitation is None:
        problems.append("the bootstrap invitation (BOOTSTRAP_INVITATION_CODE) is not seeded")
    keys = conn.execute(text("SELECT count(*) FROM auth.signing_keys WHERE retired_at IS NULL")).scalar_one()
    if keys == 0 and not settings.jwt_private_key_pem:
        problems.append("no active signing key in auth.signing_keys and no JWT_PRIVATE_KEY_PEM set")
    return problems
