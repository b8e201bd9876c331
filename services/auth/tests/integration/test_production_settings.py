"""Issue 10 item 13: with WIE_ENV=production the auth service refuses to start or migrate with the public
bootstrap code or without a signing key, naming the setting to set; and no service serves without the public
keys that verify caller tokens (item 8). Real processes against a real database."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from auth_service.settings import AuthSettings
from wie_common.caller_tokens import generate_private_pem, public_pem
from wie_common.settings import normalise_database_url

PRIVATE_CODE = "k7Qm2xVt9LpR4wZs"
# analysis's caller-token key as deploy/compose.yaml and the dev overlay publish it
DEV_ANALYSIS_KEY = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIDU2hEOCNfDmLWSxWpGBCSvjN26rUOzeE+MQ8AzhcGXf
-----END PRIVATE KEY-----"""


def _run(command: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("WIE_", "JWT_", "BOOTSTRAP_", "INTERNAL_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "auth_service", command],
        env={**clean, "DATABASE_URL": database_url, "GRPC_PORT": "0", "LOG_JSON": "false", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def empty_database(pg_admin_url: str):
    """A database nobody migrated yet."""
    from wie_common.testing.postgres import create_database, drop_database

    url = create_database(pg_admin_url)
    yield url
    drop_database(pg_admin_url, url)


def _has_auth_schema(url: str) -> bool:
    engine = create_engine(normalise_database_url(url), poolclass=NullPool)
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'auth'")
        ).first()
    engine.dispose()
    return found is not None


@pytest.mark.parametrize("command", ["migrate", "serve"])
def test_production_refuses_the_public_code_and_a_missing_key(empty_database, command):
    done = _run(command, empty_database, WIE_ENV="production")
    assert done.returncode != 0
    assert "BOOTSTRAP_INVITATION_CODE" in done.stderr and "JWT_PRIVATE_KEY_PEM" in done.stderr
    assert "Traceback" not in done.stderr  # a sentence naming the settings, not a crash
    assert not _has_auth_schema(empty_database)  # nothing was touched


def test_production_refuses_a_short_or_public_code_in_any_case():
    key = generate_private_pem()
    for code in ("bootstrap2025", "BOOTSTRAP2025", "short-code"):
        with pytest.raises(ValueError, match="BOOTSTRAP_INVITATION_CODE"):
            AuthSettings(wie_env="production", bootstrap_invitation_code=code, jwt_private_key_pem=key)
    assert AuthSettings().bootstrap_invitation_code == "BOOTSTRAP2025"  # development keeps its default


def test_production_migrates_with_a_private_code_and_a_key(empty_database):
    done = _run(
        "migrate",
        empty_database,
        WIE_ENV="production",
        BOOTSTRAP_INVITATION_CODE=PRIVATE_CODE,
        JWT_PRIVATE_KEY_PEM=generate_private_pem(),
    )
    assert done.returncode == 0, done.stderr
    engine = create_engine(normalise_database_url(empty_database), poolclass=NullPool)
    with engine.connect() as conn:
        codes = set(conn.execute(text("SELECT code FROM auth.invitations")).scalars())
    engine.dispose()
    assert codes == {PRIVATE_CODE}


def test_no_service_serves_without_the_keys_that_verify_callers(database_url):
    done = _run("serve", database_url)
    assert done.returncode != 0 and "INTERNAL_TOKEN_PUBLIC_KEYS_PEM" in done.stderr
    truncated = public_pem(generate_private_pem())[:-40]
    done = _run("serve", database_url, INTERNAL_TOKEN_PUBLIC_KEYS_PEM=truncated)
    assert done.returncode != 0 and "INTERNAL_TOKEN_PUBLIC_KEYS_PEM" in done.stderr


def test_production_refuses_to_trust_a_published_development_key(database_url):
    published = public_pem(DEV_ANALYSIS_KEY)
    done = _run(
        "serve",
        database_url,
        WIE_ENV="production",
        BOOTSTRAP_INVITATION_CODE=PRIVATE_CODE,
        JWT_PRIVATE_KEY_PEM=generate_private_pem(),
        INTERNAL_TOKEN_PUBLIC_KEYS_PEM=published,
    )
    assert (
        done.returncode != 0
        and "published" in done.stderr
        and "INTERNAL_TOKEN_PUBLIC_KEYS_PEM" in done.stderr
    )
