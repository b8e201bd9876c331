"""Pure domain logic of the rules service: no grpc, database or web imports.

The public surface is re-exported here so the api and db layers import from one place.
"""

from .catalog import (
    RULE_TYPES,
    RuleTypeSpec,
    condition_errors,
    get_rule_type,
    list_rule_types,
    parse_rule_type,
    validate_conditions,
)
from .defaults import (
    CATEGORIES,
    CATEGORY_BY_CODE,
    DEFAULT_RULE_BY_KEY,
    DEFAULT_RULE_DESCRIPTIONS,
    DEFAULT_RULES,
    CategorySpec,
    DefaultRuleSpec,
)
from .effective import active_rules, check_override_allowed, effective_rule_set, override_exists
from .enums import CategoryCode, ChangeAction, LocationType, Priority, RuleType
from .history import RuleChange, creation_change, deletion_change, diff_rule, update_change
from .invalid import (
    CONDITIONS_INVALID,
    RULE_FIELDS_INVALID,
    TEMPLATE_PARAMS_INVALID,
    VALIDATION_FAILED,
    invalid,
)
from .model import Rule, RuleId, WarehouseId, snapshot
from .templates import TEMPLATES, RuleTemplate, TemplateInstance, get_template, instantiate, list_templates
from .validation import (
    RuleDraft,
    RuleFields,
    apply_update,
    ensure_mutable,
    validate_new_rule,
    validate_rule_fields,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_BY_CODE",
    "CONDITIONS_INVALID",
    "DEFAULT_RULES",
    "DEFAULT_RULE_BY_KEY",
    "DEFAULT_RULE_DESCRIPTIONS",
    "RULE_FIELDS_INVALID",
    "RULE_TYPES",
    "TEMPLATES",
    "TEMPLATE_PARAMS_INVALID",
    "VALIDATION_FAILED",
    "CategoryCode",
    "CategorySpec",
    "ChangeAction",
    "DefaultRuleSpec",
    "LocationType",
    "Priority",
    "Rule",
    "RuleChange",
    "RuleDraft",
    "RuleFields",
    "RuleId",
    "RuleTemplate",
    "RuleType",
    "RuleTypeSpec",
    "TemplateInstance",
    "WarehouseId",
    "active_rules",
    "apply_update",
    "check_override_allowed",
    "condition_errors",
    "creation_change",
    "deletion_change",
    "diff_rule",
    "effective_rule_set",
    "ensure_mutable",
    "get_rule_type",
    "get_template",
    "instantiate",
    "invalid",
    "list_rule_types",
    "list_templates",
    "override_exists",
    "parse_rule_type",
    "snapshot",
    "update_change",
    "validate_conditions",
    "validate_new_rule",
    "validate_rule_fields",
]
