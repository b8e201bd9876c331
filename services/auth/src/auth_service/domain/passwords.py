"""Password hashing: argon2id via pwdlib, with the library's recommended parameters."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

_hasher = PasswordHash((Argon2Hasher(),))
# A real hash to verify against when the user does not exist, so timing does not reveal usernames.
_DUMMY = _hasher.hash("wie-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    if hashed is None:
        _hasher.verify(password, _DUMMY)
        return False
    return _hasher.verify(password, hashed)
