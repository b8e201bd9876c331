"""Input rules for registration and invitations."""

from __future__ import annotations

import pytest

from auth_service.domain.validation import validate_invitation, validate_registration
from wie_common.errors import InvalidArgument


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("ab", "long-enough", "username"),
        ("has space", "long-enough", "username"),
        ("alice", "short", "password"),
    ],
)
def test_bad_registration_names_the_field(username, password, field):
    with pytest.raises(InvalidArgument) as err:
        validate_registration(username, password)
    assert [e.field for e in err.value.errors] == [field]


def test_good_registration_passes():
    validate_registration("alice.b-1", "long-enough")


@pytest.mark.parametrize(
    ("max_uses", "days", "field"), [(0, 0, "max_uses"), (101, 0, "max_uses"), (5, -1, "expires_in_days")]
)
def test_invitation_limits(max_uses, days, field):
    with pytest.raises(InvalidArgument) as err:
        validate_invitation(max_uses, days)
    assert err.value.errors[0].field == field


@pytest.mark.parametrize("max_uses", [1, 100])
def test_invitation_bounds_are_inclusive(max_uses):
    validate_invitation(max_uses, 0)
