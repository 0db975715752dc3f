"""EdDSA JWTs for sqld: the set one server hands its tests (read-write, read-only, expired, forged)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# --- tokens ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    """JWTs for one server: read-write, read-only, expired, signed with another key, and not a JWT at all."""

    rw: str
    ro: str
    expired: str
    forged: str
    garbage: str


def mint(key: Ed25519PrivateKey, claims: dict[str, Any]) -> str:
    """Sign `claims` as an EdDSA JWT."""
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return jwt.encode(claims, pem, algorithm="EdDSA")
