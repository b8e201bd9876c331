"""Limits on failed sign-ins and invitation codes, per username and per client address.

Counters live in the auth schema (every replica counts the same) as fixed windows that open at the first
failure: `max_failures` failures within `window_s` of it, then RateLimited (429) until the window closes.

- Per username the limit is strict: an attempt reserves its failure before the password is checked (and gives
  it back when the password was right), so parallel guesses cannot overshoot it.
- Per client address only failures already recorded count: a whole office may share one address, and the
  correct password of another account from it is never refused below that (much higher) bound.
- Invitation codes are counted per address and reserved like usernames: guessing one is the only use of many
  wrong codes, and a person registering rarely needs a second try.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from auth_service.domain.clock import Clock, utc_now
from auth_service.domain.ports import AttemptWindow, UnitOfWork
from wie_common.errors import RateLimited

SIGNIN_USERNAME = "signin_username"
SIGNIN_ADDRESS = "signin_address"
REGISTRATION_ADDRESS = "registration_address"
MAX_SUBJECT = 200
PRUNE_BATCH = 100  # expired counters deleted per recorded failure: bounded work, the table stays small
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class Limit:
    max_failures: int
    window_s: int


@dataclass(frozen=True)
class LimitsConfig:
    signin_per_username: Limit
    signin_per_address: Limit
    registration_per_address: Limit


@dataclass(frozen=True)
class Reservation:
    """A failure counted in advance; kept when the attempt fails, given back otherwise."""

    scope: str
    subject: str
    window_start: datetime


@dataclass(frozen=True)
class SigninTicket:
    username: Reservation
    address: str


def address_key(address: str) -> str:
    """An IPv4 address as it is, an IPv6 one as its /64 (what one site or household is given)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class AttemptLimits:
    def __init__(self, uow: UnitOfWork, config: LimitsConfig, *, clock: Clock = utc_now) -> None:
        self.uow = uow
        self.config = config
        self.clock = clock

    # sign-in
    def before_signin(self, username: str, address: str) -> SigninTicket:
        """Refuse a sign-in over either limit; else reserve the username's failure."""
        addr = address_key(address)
        limit = self.config.signin_per_address
        since = self.clock() - timedelta(seconds=limit.window_s)
        with self.uow() as repo:
            window = repo.failures_since(SIGNIN_ADDRESS, addr, since)
        if window is not None and window.failures >= limit.max_failures:
            raise self._refusal(window, limit, "sign-ins from your address")
        held = self._reserve(
            SIGNIN_USERNAME,
            username[:MAX_SUBJECT],
            self.config.signin_per_username,
            "sign-ins of this account",
        )
        return SigninTicket(held, addr)

    def signin_failed(self, ticket: SigninTicket) -> None:
        """A wrong password: the username keeps its reserved failure, the address records one."""
        self._record(SIGNIN_ADDRESS, ticket.address, self.config.signin_per_address)

    def signin_succeeded(self, ticket: SigninTicket) -> None:
        """A right password ends the account's run of failures (the address keeps its count)."""
        with self.uow() as repo:
            repo.clear_failures(ticket.username.scope, ticket.username.subject)

    # registration
    def before_registration(self, address: str) -> Reservation:
        """Refuse an address over its limit of wrong invitation codes; else reserve a failure."""
        return self._reserve(
            REGISTRATION_ADDRESS,
            address_key(address),
            self.config.registration_per_address,
            "invitation codes from your address",
        )

    def registration_failed(self) -> None:
        """A wrong code keeps its reservation; only the table's upkeep is left."""
        now = self.clock()
        with self.uow() as repo:
            repo.prune_failures(now - timedelta(seconds=self._longest_window_s()), PRUNE_BATCH)

    def release(self, held: Reservation) -> None:
        """The attempt did not fail (or failed for another reason): its reserved failure is given back."""
        with self.uow() as repo:
            repo.remove_failure(held.scope, held.subject, held.window_start)

    def abandon(self, ticket: SigninTicket) -> None:
        self.release(ticket.username)

    # counters
    def _reserve(self, scope: str, subject: str, limit: Limit, what: str) -> Reservation:
        now = self.clock()
        with self.uow() as repo:
            window = repo.add_failure(scope, subject, now, now - timedelta(seconds=limit.window_s))
        held = Reservation(scope, subject, window.window_start)
        if window.failures > limit.max_failures:
            self.release(held)  # a refused attempt is no failure: the count stays at the limit
            raise self._refusal(window, limit, what)
        return held

    def _record(self, scope: str, subject: str, limit: Limit) -> None:
        now = self.clock()
        with self.uow() as repo:
            repo.add_failure(scope, subject, now, now - timedelta(seconds=limit.window_s))
            repo.prune_failures(now - timedelta(seconds=self._longest_window_s()), PRUNE_BATCH)

    def _refusal(self, window: AttemptWindow, limit: Limit, what: str) -> RateLimited:
        closes = window.window_start + timedelta(seconds=limit.window_s)
        retry_after_s = max(1, math.ceil((closes - self.clock()).total_seconds()))
        return RateLimited(
            f"too many failed {what}; try again in {retry_after_s} s",
            reason="too_many_failed_attempts",
            extra={"retry_after_s": retry_after_s},
        )

    def _longest_window_s(self) -> int:
        c = self.config
        return max(
            c.signin_per_username.window_s, c.signin_per_address.window_s, c.registration_per_address.window_s
        )
