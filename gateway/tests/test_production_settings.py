"""Issue 10 items 8 and 13: in production the gateway refuses to start without the key that signs its caller
tokens, saying which setting to set."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from wie_common.caller_tokens import generate_private_pem
from wie_gateway.settings import GatewaySettings


def test_production_gateway_needs_its_signing_key():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WIE_", "INTERNAL_"))}
    done = subprocess.run(
        [sys.executable, "-m", "wie_gateway"],
        env={**clean, "WIE_ENV": "production", "PORT": "0"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "INTERNAL_TOKEN_PRIVATE_KEY_PEM" in done.stderr and "Traceback" not in done.stderr


def test_the_key_satisfies_production_and_development_needs_none():
    GatewaySettings(wie_env="production", internal_token_private_key_pem=generate_private_pem())
    GatewaySettings()
    with pytest.raises(ValueError, match="INTERNAL_TOKEN_PRIVATE_KEY_PEM"):
        GatewaySettings(wie_env="production", internal_token_private_key_pem="  ")
