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
from .effective import active_rules, check_override_allowed, effective_rule_set
from .enums import CategoryCode, ChangeAction, LocationType, Priority, RuleType
from .errors import (
    AccessLevelError,
    ConditionsInvalid,
    FieldError,
    OverrideConflictError,
    RuleFieldsInvalid,
    RuleNotFoundError,
    RulesDomainError,
    RulesValidationError,
    SystemRuleReadOnlyError,
    TemplateNotFoundError,
    TemplateParamsInvalid,
    WarehouseNotFoundError,
)
from .history import RuleChange, creation_change, deletion_change, diff_rule, update_change
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
    "DEFAULT_RULES",
    "DEFAULT_RULE_BY_KEY",
    "DEFAULT_RULE_DESCRIPTIONS",
    "RULE_TYPES",
    "TEMPLATES",
    "AccessLevelError",
    "CategoryCode",
    "CategorySpec",
    "ChangeAction",
    "ConditionsInvalid",
    "DefaultRuleSpec",
    "FieldError",
    "LocationType",
    "OverrideConflictError",
    "Priority",
    "Rule",
    "RuleChange",
    "RuleDraft",
    "RuleFields",
    "RuleFieldsInvalid",
    "RuleId",
    "RuleNotFoundError",
    "RuleTemplate",
    "RuleType",
    "RuleTypeSpec",
    "RulesDomainError",
    "RulesValidationError",
    "SystemRuleReadOnlyError",
    "TemplateInstance",
    "TemplateNotFoundError",
    "TemplateParamsInvalid",
    "WarehouseId",
    "WarehouseNotFoundError",
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
    "list_rule_types",
    "list_templates",
    "parse_rule_type",
    "snapshot",
    "update_change",
    "validate_conditions",
    "validate_new_rule",
    "validate_rule_fields",
]
