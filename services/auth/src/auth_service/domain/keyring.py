"""The signing keys in use: the configured one, else those `migrate` stored; read once per process."""

from __future__ import annotations

from auth_service.domain.keys import SigningKey, jwks_json
from auth_service.domain.ports import UnitOfWork


class Keyring:
    def __init__(self, uow: UnitOfWork, *, configured_key: SigningKey | None = None) -> None:
        self.uow = uow
        self._keys: list[SigningKey] | None = [configured_key] if configured_key is not None else None

    def keys(self) -> list[SigningKey]:
        if self._keys is None:
            with self.uow() as repo:
                keys = repo.signing_keys()
            if not keys:
                raise RuntimeError("no signing key: run `python -m auth_service migrate` first")
            self._keys = keys
        return self._keys

    def current(self) -> SigningKey:
        """The key new tokens are signed with: the newest."""
        return self.keys()[-1]

    def jwks(self) -> str:
        return jwks_json(self.keys())
