"""Every key shipped in deploy/ (the dev overlay's Secrets, Compose) is a published development key, which
WIE_ENV=production refuses (issue 10 item 13); and the shipped public keys are the halves of the shipped
private ones, so the development stacks verify what they sign."""

from __future__ import annotations

import re

import pytest
import yaml

from auth_service.domain.keys import key_from_pem
from auth_service.settings import AuthSettings
from wie_common.caller_tokens import PUBLISHED_DEV_KEY_IDS, load_public_keys, public_pem
from wie_gateway.settings import GatewaySettings

from .manifests import DEPLOY

PRIVATE = re.compile(r"-----BEGIN PRIVATE KEY-----.+?-----END PRIVATE KEY-----", re.DOTALL)


def _dev_secrets() -> dict[str, dict[str, str]]:
    docs = yaml.safe_load_all((DEPLOY / "k8s/overlays/dev/secrets.yaml").read_text())
    return {d["metadata"]["name"]: d.get("stringData", {}) for d in docs if d and d["kind"] == "Secret"}


def test_every_shipped_key_is_known_as_published() -> None:
    texts = [(DEPLOY / "compose.yaml").read_text(), (DEPLOY / "k8s/overlays/dev/secrets.yaml").read_text()]
    privates = [m.group(0) for text in texts for m in PRIVATE.finditer(text)]
    privates = ["\n".join(line.strip() for line in pem.splitlines()) for pem in privates]
    assert len(privates) >= 5
    assert {key_from_pem(pem).kid for pem in privates} <= PUBLISHED_DEV_KEY_IDS
    internal = _dev_secrets()["wie-internal-token"]
    trusted = set(load_public_keys(internal["PUBLIC_KEYS_PEM"]))
    halves = {k for key in ("GATEWAY_PRIVATE_KEY_PEM", "ANALYSIS_PRIVATE_KEY_PEM")
              for k in load_public_keys(public_pem(internal[key]))}  # fmt: skip
    assert trusted == halves


def test_production_refuses_the_published_keys() -> None:
    secrets = _dev_secrets()
    with pytest.raises(ValueError, match="JWT_PRIVATE_KEY_PEM is a development key"):
        AuthSettings(
            wie_env="production",
            bootstrap_invitation_code="a-private-code-of-24-chars",
            jwt_private_key_pem=secrets["wie-auth"]["JWT_PRIVATE_KEY_PEM"],
        )
    with pytest.raises(ValueError, match="INTERNAL_TOKEN_PRIVATE_KEY_PEM is a development key"):
        GatewaySettings(
            wie_env="production",
            internal_token_private_key_pem=secrets["wie-internal-token"]["GATEWAY_PRIVATE_KEY_PEM"],
        )
