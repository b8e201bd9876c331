"""Anomalies across uploads (spec/rules.md §5): identity, the previous report, carry-over and undo."""
