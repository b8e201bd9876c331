"""The date shapes a WMS export uses, as RE2 patterns with named groups (data only).

Every pattern runs on text that is trimmed with whitespace collapsed. Shared group names let one assembler
build datetimes from any of them: year, month/mon (name), day, p1/p2 (d/m or m/d, decided per column),
hour, minute, second, frac, ampm, utc or sign/oh/om (offset), serial, s1/s2 (separators that must agree).
"""

from typing import Final

_TIME: Final = (
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?)?"
    r" ?(?P<ampm>[ap]\.?m\.?)?"
)
_TZ: Final = r" ?(?:(?P<utc>z|utc|gmt)|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)?"
_WEEKDAY: Final = r"(?:(?P<wd>[a-z]{3,9})\.?,? )?"
_TIME_TAIL: Final = rf"(?:(?:t| |, ?| at ){_TIME}{_TZ})?"

# (name, pattern): tried in this order on values no earlier pattern matched.
PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    # 2025-10-05, 2025-10-05T14:00:00.123+02:00, 2025/10/05 14:00 (year first is never day/month swapped)
    (
        "iso",
        rf"(?i)^(?P<year>\d{{4}})(?P<s1>[-/.])(?P<month>\d{{1,2}})(?P<s2>[-/.])(?P<day>\d{{1,2}}){_TIME_TAIL}$",
    ),
    # 20251005, 202510051400, 20251005140000, 20251005T140000Z
    (
        "compact",
        r"(?i)^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
        r"(?:t?(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})?(?P<utc>z)?)?$",
    ),
    # Excel serial day numbers typed or exported as text: 45000, 45000.5
    ("serial", r"^(?P<serial>\d{5}(?:\.\d+)?)$"),
    # 05/10/2025, 5-10-25 14:00, 10.05.2025 2:00 PM
    (
        "numeric",
        rf"(?i)^(?P<p1>\d{{1,2}})(?P<s1>[-/.])(?P<p2>\d{{1,2}})(?P<s2>[-/.])(?P<year>\d{{4}}|\d{{2}})"
        rf"{_TIME_TAIL}$",
    ),
    # Oct 5 2025 14:00, October 5, 2025 at 2:00 PM, Sun Oct 05 2025
    (
        "month_first",
        rf"(?i)^{_WEEKDAY}(?P<mon>[a-z]{{3,9}})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? "
        rf"(?P<year>\d{{4}}){_TIME_TAIL}$",
    ),
    # 5 October 2025, 05-Oct-2025, 5-Oct-25 14:00
    (
        "day_first",
        rf"(?i)^{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?P<s1>[ /-])(?P<mon>[a-z]{{3,9}})\.?"
        rf"(?P<s2>[ /-]),?(?P<year>\d{{4}}|\d{{2}}){_TIME_TAIL}$",
    ),
)

MONTHS: Final[dict[str, int]] = {
    **{
        name: i
        for i, name in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            start=1,
        )
    },
    **{
        name: i
        for i, name in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
        )
    },
    "sept": 9,
}

SERIAL_RANGE: Final = (20_000, 80_000)  # 1954-10-03 .. 2119-01-11: anything else is not a date
YEAR_RANGE: Final = (1900, 2199)
EXCEL_EPOCH: Final = "1899-12-30"  # serial 1 = 1900-01-01 with Excel's 1900 leap-year bug folded in
