"""The glob translation agrees with fnmatch and runs on the str dtype."""

from __future__ import annotations

import fnmatch

import pytest

from analysis_service.domain.evaluation.patterns import as_upper_list, glob_to_regex, match_values
from analysis_service.domain.evaluation.results import bump_priority

TEXTS = [
    "AISLE-01",
    "AISLE",
    "XAISLE-1",
    "01-01-005A",
    "A[1]",
    "A!",
    "A-B",
    "",
    "A*B",
    "A.B",
    "A\\B",
    "^A",
    "]",
]
GLOBS = [
    "AISLE*",
    "*AISLE*",
    "?ISLE-0[0-9]",
    "0[!2]-*",
    "A[[]1]",
    "A[!]]",
    "A[-]B",
    "*",
    "",
    "A[*]B",
    "A.B",
    "A\\B",
    "[^]A",
    "[]]",
    "A[",
    "[!",
    "A**B",
]


@pytest.mark.parametrize("glob", GLOBS)
def test_glob_translation_matches_fnmatch(glob):
    import re

    regex = re.compile("(?s:" + glob_to_regex(glob) + ")")
    for text in TEXTS:
        assert bool(regex.fullmatch(text)) == fnmatch.fnmatchcase(text, glob), (glob, text)
        if glob:
            assert bool(match_values([text], [glob])[0]) == fnmatch.fnmatchcase(text.upper(), glob.upper())


def test_match_values_is_case_insensitive_and_treats_missing_as_empty():
    assert match_values(["frozen peas", None, "RICE"], ["*FROZEN*"]).tolist() == [True, False, False]
    assert match_values([None], ["*"]).tolist() == [True]
    assert match_values(["A"], []).tolist() == [False]


def test_as_upper_list_and_priority_bump():
    assert as_upper_list(" receiving ") == ["RECEIVING"]
    assert as_upper_list(["a", None, " "]) == ["A"]
    assert as_upper_list(None) == []
    assert [bump_priority(p) for p in ("LOW", "MEDIUM", "HIGH", "VERY_HIGH", "ODD")] == [
        "MEDIUM",
        "HIGH",
        "VERY_HIGH",
        "VERY_HIGH",
        "ODD",
    ]
