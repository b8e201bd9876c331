"""Settings of the analysis service."""

from __future__ import annotations

from wie_common.settings import ServiceSettings


class AnalysisSettings(ServiceSettings):
    max_upload_mb: int = 100
    # Received files are spooled under <upload_tmp_dir>/wie-analysis-spool/ (empty: the system temp dir).
    upload_tmp_dir: str = ""
    # Several large analyses at once would multiply peak memory; more uploads and jobs wait in order.
    max_concurrent_analyses: int = 2
    # Data rows a file may have (413 beyond); an xlsx is counted in its XML before it is loaded.
    max_rows: int = 2_000_000
    # Upload jobs (Prefer: respond-async): heartbeat into the report row, and when another replica's job
    # counts as lost (api.md: 60 s); at most this many jobs wait per replica (more: 429).
    job_heartbeat_s: float = 2.0
    job_reap_s: float = 5.0
    job_lost_after_s: float = 60.0
    max_waiting_jobs: int = 100
