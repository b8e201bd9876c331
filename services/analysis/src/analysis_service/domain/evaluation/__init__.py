"""Pure, vectorised rule evaluation (pandas/numpy only): prepared inventory frame + resolved locations + rules
→ anomalies. See `spec/rules.md` §3 for the semantics and `engine.py` for the order and suppression."""

from .engine import evaluate, ordered_rules
from .inputs import ResolvedLocation, RuleSpec
from .results import PRIORITIES, Anomaly, Evaluation, RuleRun, bump_priority
from .rules import REGISTRY

__all__ = [
    "PRIORITIES",
    "REGISTRY",
    "Anomaly",
    "Evaluation",
    "ResolvedLocation",
    "RuleRun",
    "RuleSpec",
    "bump_priority",
    "evaluate",
    "ordered_rules",
]
