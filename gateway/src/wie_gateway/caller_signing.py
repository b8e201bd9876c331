"""The gateway's caller tokens: every call to a service carries one, naming the verified caller (or no one,
for the anonymous routes), signed with INTERNAL_TOKEN_PRIVATE_KEY_PEM (wie_common.caller_tokens)."""

from __future__ import annotations

from wie_common.caller_tokens import TokenSigner, generate_private_pem
from wie_common.logging import get_logger
from wie_gateway.settings import GatewaySettings

ISSUER = "wie-gateway"


def caller_signer(settings: GatewaySettings) -> TokenSigner:
    pem = settings.internal_token_private_key_pem
    if not pem:  # development only: the settings refuse this in production
        get_logger("wie.gateway").warning(
            "no INTERNAL_TOKEN_PRIVATE_KEY_PEM: signing with a throwaway key that no service trusts"
        )
        pem = generate_private_pem()
    return TokenSigner(pem, issuer=ISSUER, ttl_s=settings.internal_token_ttl_s)
