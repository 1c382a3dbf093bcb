"""Passwords: Argon2id hashes (argon2-cffi) and the rules a new password must meet.

Parameters: OWASP's recommended minimum for argon2id (19 MiB, 2 passes, 1 lane),
memory-hard against graphics cards, about 60 ms a check on this project's two-core
machine under load. argon2-cffi's own default (RFC 9106's 64 MiB, 3 passes, 4 lanes)
took 0.4 s there: every sign-in would cost that, and so would every guess a client
may send (sign-ins are rate limited, server/web/sign_in.py). A hash made with other
parameters is replaced at the next successful sign-in (`needs_rehash`).
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server.errors import InvalidInput

# Long enough that a phrase of three or four words passes and a guess list does not
# reach it; no rules about digits or symbols (NIST SP 800-63B).
MIN_PASSWORD_CHARS = 12
# Hashing is costly; a megabyte "password" must not make it costlier.
MAX_PASSWORD_CHARS = 256
# The few that people still pick at this length.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "password1234",
        "passwordpassword",
        "qwertyuiopas",
        "qwertyuiop123",
        "iloveyou1234",
        "changethis123",
        "correcthorsebatterystaple",
        "storywall123",
        "storywallstorywall",
    }
)

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class WeakPassword(InvalidInput):
    """A new password that breaks a rule; the message says which."""


def check_password(password: str, *, email: str = "") -> None:
    """Refuse (WeakPassword) a new password that is short, common or the e-mail."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"password: use at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise WeakPassword(f"password: use at most {MAX_PASSWORD_CHARS} characters")
    folded = password.casefold()
    if folded in COMMON_PASSWORDS or len(set(folded)) < 4:
        raise WeakPassword("password: this one is too easy to guess; try a few words")
    if email and email.casefold() in folded:
        raise WeakPassword("password: it must not contain your e-mail address")


def hash_password(password: str) -> str:
    """The encoded Argon2id hash (parameters and salt included) to store."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` is the one `password_hash` was made from."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash("no account has this password")


def spend_like_a_check(password: str) -> None:
    """Take as long as verify_password does, for an e-mail with no account: a
    sign-in's timing must not tell whether an address has one."""
    verify_password(_dummy_hash(), password)
