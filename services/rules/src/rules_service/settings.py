"""Settings of the rules service (only the shared ones so far; kept for the house layout)."""

from __future__ import annotations

from wie_common.settings import ServiceSettings


class RulesSettings(ServiceSettings):
    pass
