"""Settings of the analysis service."""

from __future__ import annotations

from wie_common.settings import ServiceSettings


class AnalysisSettings(ServiceSettings):
    max_upload_mb: int = 100
    upload_tmp_dir: str = ""  # empty: the system temp dir
    # Several large analyses at once would multiply peak memory; extra uploads wait for a slot.
    max_concurrent_analyses: int = 2
