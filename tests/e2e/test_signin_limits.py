"""Issue 10 item 6: failed sign-ins (per username, and per client address at a much higher bound) and wrong
invitation codes are refused with 429, Retry-After and a problem, through the real gateway and auth service.

Each test speaks from its own documentation address (X-Forwarded-For, which the gateway trusts from the
loopback proxy), so the defaults of the settings apply without touching the other tests' address.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .stack import PASSWORD

PROBLEM = "application/problem+json"
PER_USERNAME, PER_ADDRESS, CODES_PER_ADDRESS, WINDOW_S = 10, 100, 20, 900  # the settings' defaults


def _token(stack, username: str, password: str, address: str):
    with stack.client() as c:
        return c.post(
            "/auth/token",
            data={"username": username, "password": password},
            headers={"X-Forwarded-For": address},
        )


def _assert_limited(reply) -> None:
    assert reply.status_code == 429, reply.text
    assert reply.headers["content-type"] == PROBLEM
    assert 1 <= int(reply.headers["Retry-After"]) <= WINDOW_S
    body = reply.json()
    assert body["status"] == 429 and "try again in" in body["detail"]


def test_a_username_is_refused_after_ten_failures(stack):
    address = "203.0.113.10"
    for name in ("lim-alice", "lim-bob"):
        assert stack.register(name).status_code == 201
    for _ in range(PER_USERNAME):
        assert _token(stack, "lim-alice", "wrong-password", address).status_code == 401
    _assert_limited(_token(stack, "lim-alice", PASSWORD, address))  # even the right password now
    assert _token(stack, "lim-bob", PASSWORD, address).status_code == 200


def test_an_address_is_refused_only_at_its_much_higher_bound(stack):
    address = "203.0.113.20"
    for name in ("lim-carol", "lim-dave"):
        assert stack.register(name).status_code == 201
    # 99 failures over 33 usernames (3 each: no username comes near its own limit).
    guesses = [(f"lim-guess-{i % 33}", address) for i in range(PER_ADDRESS - 1)]
    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda g: _token(stack, g[0], "wrong-password", g[1]).status_code, guesses))
    assert codes == [401] * (PER_ADDRESS - 1)
    # Below the bound a whole office behind that address still signs in.
    assert _token(stack, "lim-carol", PASSWORD, address).status_code == 200
    assert _token(stack, "lim-guess-0", "wrong-password", address).status_code == 401  # the 100th
    _assert_limited(_token(stack, "lim-dave", PASSWORD, address))
    assert _token(stack, "lim-dave", PASSWORD, "203.0.113.21").status_code == 200


def test_invitation_code_guessing_is_refused_per_address(stack):
    address = "203.0.113.30"

    def register(username: str, code: str, from_address: str):
        with stack.client() as c:
            return c.post(
                "/auth/register",
                json={"username": username, "password": PASSWORD, "invitation_code": code},
                headers={"X-Forwarded-For": from_address},
            )

    for i in range(CODES_PER_ADDRESS):
        assert register(f"lim-reg-{i}", f"GUESS{i:05d}", address).status_code == 422
    _assert_limited(register("lim-reg-ok", "BOOTSTRAP2025", address))
    assert register("lim-reg-ok", "BOOTSTRAP2025", "203.0.113.31").status_code == 201
