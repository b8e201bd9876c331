"""Size caps for uploads: generous for real WMS exports, small enough to stop hostile files early."""

from typing import Final

MAX_ROWS: Final = 2_000_000  # data rows, the MAX_ROWS setting's default (Excel stops at 1,048,576)
MAX_COLUMNS: Final = 200

# xlsx is a zip: checked on the central directory before any parser inflates a byte.
MAX_UNCOMPRESSED_BYTES: Final = 1 << 30  # 1 GiB declared in total
MAX_COMPRESSION_RATIO: Final = 200  # real sheet XML compresses ~10-30x; bombs ~1000x
RATIO_CHECK_MIN_BYTES: Final = 1 << 20  # tiny members may compress very well without harm
MAX_ZIP_MEMBERS: Final = 10_000
MAX_CONTENT_TYPES_BYTES: Final = 1 << 20

# How much of a csv is looked at to sniff its delimiter.
SNIFF_BYTES: Final = 64 * 1024
SNIFF_LINES: Final = 50
