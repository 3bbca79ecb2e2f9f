"""Access codes: salted hashes, a throttle against guessing, and who a code signs in."""

from __future__ import annotations

import base64
import itertools
import re

import pytest

from geo.access import (
    DEMO_CODES,
    FREE_ATTEMPTS,
    MAX_WAIT_S,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    AccessError,
    Throttle,
    active_access,
    hash_code,
    sign_in,
    verify_code,
)
from geo.agreements import Actor
from geo.config import Access, Settings

WRONG = r"^wrong code$"  # not "too many wrong codes": that one is the lock

CODES = {
    "facilitator": "facilitator-code-1",
    "actium": "actium-code-22",
    "mevm": "mevm-code-333",
}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def access() -> Access:
    return Access(
        facilitator=hash_code(CODES["facilitator"]),
        parties={p: hash_code(CODES[p]) for p in ("actium", "mevm")},
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock: Clock) -> Throttle:
    return Throttle(clock=clock)


# --- Hashes -----------------------------------------------------------------------------


def test_a_hash_carries_its_parameters_and_a_fresh_salt() -> None:
    first, second = hash_code("correct horse"), hash_code("correct horse")
    pattern = rf"scrypt\${SCRYPT_N}\${SCRYPT_R}\${SCRYPT_P}\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)"
    salts = []
    for hashed in (first, second):
        match = re.fullmatch(pattern, hashed)
        assert match, hashed
        salt, key = (base64.b64decode(part) for part in match.groups())
        assert len(salt) >= 16 and len(key) >= 32
        salts.append(salt)
    assert salts[0] != salts[1] and first != second
    assert "correct horse" not in first


def test_verify_accepts_the_right_code_only() -> None:
    hashed = hash_code("correct horse")
    assert verify_code("correct horse", hashed)
    for wrong in ("correct hors", "correct horse ", "Correct horse", "", "ċorrect horse"):
        assert not verify_code(wrong, hashed), wrong


def test_unicode_codes_work() -> None:
    assert verify_code("wachtwoord-één-🏠", hash_code("wachtwoord-één-🏠"))


def _malformed(hashed: str) -> list[str]:
    scheme, n, r, p, salt, key = hashed.split("$")
    return [
        "",
        "correct horse",  # the code itself pasted where the hash belongs
        "$".join(["bcrypt", n, r, p, salt, key]),
        "$".join([scheme, n, r, p, salt]),
        "$".join([scheme, n, r, p, salt, key, "x"]),
        "$".join([scheme, "x", r, p, salt, key]),
        "$".join([scheme, "1000", r, p, salt, key]),  # n must be a power of two
        "$".join([scheme, str(2**30), r, p, salt, key]),  # beyond the memory limit
        "$".join([scheme, n, "0", p, salt, key]),
        "$".join([scheme, n, r, p, salt, ""]),  # an empty key must not match anything
        "$".join([scheme, n, r, p, salt, "not base64!"]),
        "$".join([scheme, n, r, p, "é", key]),
    ]


def test_a_malformed_hash_never_matches() -> None:
    hashed = hash_code("correct horse")
    for bad in _malformed(hashed):
        assert verify_code("correct horse", bad) is False, bad


@pytest.mark.parametrize("code", ["", "short", "1234567"])
def test_codes_shorter_than_eight_characters_are_refused(code: str) -> None:
    with pytest.raises(AccessError, match="at least 8"):
        hash_code(code)
    assert verify_code("12345678", hash_code("12345678"))


# --- Throttle ---------------------------------------------------------------------------


def test_the_first_wrong_codes_are_free_then_the_wait_doubles(
    access: Access, clock: Clock, throttle: Throttle
) -> None:
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AccessError, match=WRONG):
            sign_in(access, "facilitator", "guess-guess", throttle=throttle)
    waits = []
    for _ in range(5):
        wait = throttle.wait_s("facilitator")
        assert wait > 0
        with pytest.raises(AccessError, match="too many wrong codes"):
            sign_in(access, "facilitator", "guess-guess", throttle=throttle)
        clock.advance(wait - 0.01)
        with pytest.raises(AccessError, match="too many wrong codes"):
            sign_in(access, "facilitator", "guess-guess", throttle=throttle)
        clock.advance(0.01)
        with pytest.raises(AccessError, match=WRONG):
            sign_in(access, "facilitator", "guess-guess", throttle=throttle)
        waits.append(wait)
    assert all(later == 2 * earlier for earlier, later in itertools.pairwise(waits))
    assert waits[0] <= 1.0


def test_the_wait_has_a_ceiling(clock: Clock, throttle: Throttle) -> None:
    for _ in range(40):
        throttle.failed("facilitator")
        clock.advance(throttle.wait_s("facilitator"))
    throttle.failed("facilitator")
    assert 0 < throttle.wait_s("facilitator") <= MAX_WAIT_S


def test_a_locked_sign_in_refuses_even_the_right_code(
    access: Access, clock: Clock, throttle: Throttle
) -> None:
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AccessError):
            sign_in(access, "party", "guess-guess", party="actium", throttle=throttle)
    wait = throttle.wait_s("party:actium")
    with pytest.raises(AccessError, match="too many wrong codes"):
        sign_in(access, "party", CODES["actium"], party="actium", throttle=throttle)
    # Being refused while locked does not make the wait longer.
    assert throttle.wait_s("party:actium") == wait
    clock.advance(wait)
    actor = sign_in(access, "party", CODES["actium"], party="actium", throttle=throttle)
    assert actor == Actor("party", "actium", "")


def test_the_throttle_is_per_role_and_party(access: Access, throttle: Throttle) -> None:
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AccessError):
            sign_in(access, "party", "guess-guess", party="actium", throttle=throttle)
    with pytest.raises(AccessError, match="too many"):
        sign_in(access, "party", CODES["actium"], party="actium", throttle=throttle)
    assert sign_in(access, "party", CODES["mevm"], party="mevm", throttle=throttle).party == "mevm"
    assert (
        sign_in(access, "facilitator", CODES["facilitator"], throttle=throttle).role
        == "facilitator"
    )


def test_a_right_code_resets_the_count(access: Access, clock: Clock, throttle: Throttle) -> None:
    for _ in range(FREE_ATTEMPTS - 1):
        with pytest.raises(AccessError, match=WRONG):
            sign_in(access, "party", "guess-guess", party="mevm", throttle=throttle)
    sign_in(access, "party", CODES["mevm"], party="mevm", throttle=throttle)
    # Counting starts again: the free attempts are free again.
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AccessError, match=WRONG):
            sign_in(access, "party", "guess-guess", party="mevm", throttle=throttle)
    with pytest.raises(AccessError, match="too many"):
        sign_in(access, "party", "guess-guess", party="mevm", throttle=throttle)


# --- Signing in -------------------------------------------------------------------------


def test_the_right_codes_sign_in_with_their_role(access: Access, throttle: Throttle) -> None:
    facilitator = sign_in(
        access, "facilitator", CODES["facilitator"], name=" Fien ", throttle=throttle
    )
    assert facilitator == Actor("facilitator", None, "Fien")
    member = sign_in(access, "party", CODES["mevm"], party="mevm", name="Mia", throttle=throttle)
    assert member == Actor("party", "mevm", "Mia")
    assert member.author == "Mia (mevm)"


def test_a_party_code_opens_neither_another_party_nor_the_facilitator(
    access: Access, throttle: Throttle
) -> None:
    with pytest.raises(AccessError, match=WRONG):
        sign_in(access, "party", CODES["actium"], party="mevm", throttle=throttle)
    with pytest.raises(AccessError, match=WRONG):
        sign_in(access, "facilitator", CODES["actium"], throttle=throttle)
    with pytest.raises(AccessError, match=WRONG):
        sign_in(access, "party", CODES["facilitator"], party="actium", throttle=throttle)


def test_roles_without_a_configured_code_cannot_be_signed_in_to(
    access: Access, throttle: Throttle
) -> None:
    nothing = Access()
    with pytest.raises(AccessError, match="no access code"):
        sign_in(nothing, "facilitator", CODES["facilitator"], throttle=throttle)
    with pytest.raises(AccessError, match="no access code"):
        sign_in(access, "party", CODES["actium"], party="woonservice", throttle=throttle)
    with pytest.raises(AccessError, match="unknown role"):
        sign_in(access, "party", CODES["actium"], throttle=throttle)
    with pytest.raises(AccessError, match="unknown role"):
        sign_in(access, "admin", CODES["facilitator"], throttle=throttle)


def test_demo_codes_only_for_demo_data_without_configured_codes() -> None:
    def attempt(chosen: Access, role: str, code: str, party: str | None = None) -> Actor:
        # A throttle per attempt: this test is about which codes open what, not waits.
        return sign_in(chosen, role, code, party=party, throttle=Throttle(clock=Clock()))

    plain = Settings()
    demo = active_access(plain, demo=True)
    facilitator = attempt(demo, "facilitator", DEMO_CODES["facilitator"])
    assert facilitator.role == "facilitator"
    assert attempt(demo, "party", DEMO_CODES["mevm"], "mevm").party == "mevm"
    assert set(demo.parties) == set(plain.party_ids)

    # A municipality's own data: the public demo codes open nothing.
    own = active_access(plain, demo=False)
    with pytest.raises(AccessError):
        attempt(own, "facilitator", DEMO_CODES["facilitator"])
    with pytest.raises(AccessError):
        attempt(own, "party", DEMO_CODES["mevm"], "mevm")

    # Configured codes replace the demo codes, also on the demo data.
    configured = Settings(access=Access(facilitator=hash_code("our-own-code")))
    for is_demo in (True, False):
        chosen = active_access(configured, demo=is_demo)
        with pytest.raises(AccessError):
            attempt(chosen, "facilitator", DEMO_CODES["facilitator"])
        with pytest.raises(AccessError):
            attempt(chosen, "party", DEMO_CODES["mevm"], "mevm")
        assert attempt(chosen, "facilitator", "our-own-code").role == "facilitator"
