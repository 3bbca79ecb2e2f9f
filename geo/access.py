"""Access codes: salted scrypt hashes, checked in constant time, slowed down when wrong.

A hash reads `scrypt$<n>$<r>$<p>$<salt b64>$<key b64>` (standard library
hashlib.scrypt, so no extra dependency and the parameters travel with the hash).
The role a code grants is kept in the server-side session by the UI; nothing in a
URL or form can raise it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from geo.agreements import Actor
from geo.config import Access, Settings
from geo.errors import AfsprakenkaartError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
FREE_ATTEMPTS = 3  # wrong codes before the wait starts
MAX_WAIT_S = 300.0

# The demo's codes, shown on the sign-in form whenever the demo data is loaded and
# no codes are configured; never active for a municipality's own data.
DEMO_CODES = {
    "facilitator": "demo-facilitator",
    "gemeente": "demo-gemeente",
    "actium": "demo-actium",
    "woonservice": "demo-woonservice",
    "mevm": "demo-mevm",
    "samensterk": "demo-samensterk",
}


class AccessError(AfsprakenkaartError):
    """A wrong code, a locked sign-in, or a role without a configured code.

    `reason` is one of wrong, locked, no_code, role (for the UI's translations);
    `wait_s` is how long a locked sign-in must wait.
    """

    def __init__(self, message: str, reason: str, wait_s: int = 0):
        super().__init__(message)
        self.reason = reason
        self.wait_s = wait_s


def hash_code(code: str, *, salt: bytes | None = None) -> str:
    """The salted hash to put in the configuration for `code`."""
    if len(code) < 8:
        raise AccessError("an access code needs at least 8 characters", "short")
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(code.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify_code(code: str, hashed: str) -> bool:
    """Whether `code` matches `hashed` (a malformed hash never matches)."""
    try:
        scheme, n, r, p, salt, key = hashed.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            code.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=2**27,
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def demo_access() -> Access:
    """Hashes of DEMO_CODES (fixed salt: the codes are public anyway)."""
    salt = b"afsprakenkaart-demo"
    return Access(
        facilitator=hash_code(DEMO_CODES["facilitator"], salt=salt),
        parties={k: hash_code(v, salt=salt) for k, v in DEMO_CODES.items() if k != "facilitator"},
    )


def active_access(settings: Settings, *, demo: bool) -> Access:
    """The configured codes; the demo codes only for demo data with none configured."""
    if settings.access is not None:
        return settings.access
    return demo_access() if demo else Access()


@dataclass
class Throttle:
    """Slows down guessing: after FREE_ATTEMPTS wrong codes for one role, each further
    attempt must wait twice as long as the last (1 s, 2 s, 4 s ... up to 5 minutes).

    Kept per role and party, not per browser session: a guesser can open as many
    sessions as they like. Process-wide, so every session of the app shares it.
    """

    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _next: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, target: str) -> float:
        with self._lock:
            return max(0.0, self._next.get(target, 0.0) - self.clock())

    def failed(self, target: str) -> None:
        with self._lock:
            count = self._failures.get(target, 0) + 1
            self._failures[target] = count
            if count >= FREE_ATTEMPTS:
                wait = min(MAX_WAIT_S, 2.0 ** (count - FREE_ATTEMPTS))
                self._next[target] = self.clock() + wait

    def succeeded(self, target: str) -> None:
        with self._lock:
            self._failures.pop(target, None)
            self._next.pop(target, None)


THROTTLE = Throttle()


def sign_in(
    access: Access,
    role: str,
    code: str,
    *,
    party: str | None = None,
    name: str = "",
    throttle: Throttle = THROTTLE,
) -> Actor:
    """The Actor for a correct code; AccessError (and a longer wait) otherwise."""
    target = "facilitator" if role == "facilitator" else f"party:{party}"
    wait = throttle.wait_s(target)
    if wait > 0:
        seconds = int(wait) + 1
        raise AccessError(f"too many wrong codes: try again in {seconds} s", "locked", seconds)
    if role == "facilitator":
        hashed = access.facilitator
    elif role == "party" and party:
        hashed = access.parties.get(party)
    else:
        raise AccessError(f"unknown role {role!r}", "role")
    if not hashed:
        raise AccessError("no access code is configured for this role", "no_code")
    if not verify_code(code, hashed):
        throttle.failed(target)
        raise AccessError("wrong code", "wrong")
    throttle.succeeded(target)
    return Actor("facilitator" if role == "facilitator" else "party", party, name.strip()[:80])
