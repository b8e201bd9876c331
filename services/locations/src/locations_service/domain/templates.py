"""Warehouse templates: a layout (structure, special areas, learned format) shared by a short code.

A template is visible to its creator, and to everybody when public; anyone who can see it can create a
warehouse from it. Overrides, settings and access are not part of a template: it is a layout, not a copy.
Only an ADMIN of a warehouse may turn its layout into a template: a template can be published to everybody,
and READ access lets someone look at a layout, not hand it out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import NotFound

from .drafts import clean_name, validated_model
from .errors import invalid, warehouse_not_found
from .model import SpecialArea, Structure
from .ports import LocationsRepository, NewTemplate, TemplateRecord, UnitOfWork

# No 0/O or 1/I: codes are read aloud, written down and typed in.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_ATTEMPTS = 5
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class TemplateDraft:
    """From a warehouse the caller administers, or from a structure (with special areas and a format)."""

    name: str
    description: str = ""
    is_public: bool = False
    from_warehouse_id: str = ""
    structure: Structure | None = None
    special_areas: tuple[SpecialArea, ...] = ()
    location_format: str | None = None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def visible_template(repo: LocationsRepository, caller: Caller, code: str) -> TemplateRecord:
    template = repo.get_template(code.strip().upper())
    if template is None or not (template.is_public or template.created_by == caller.user_id):
        raise NotFound(f"warehouse template '{code}' not found", reason="template_not_found")
    return template


class TemplateService:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def create(self, caller: Caller, draft: TemplateDraft) -> TemplateRecord:
        name = clean_name(draft.name)
        description = (draft.description or "").strip()
        if len(description) > MAX_DESCRIPTION:
            raise invalid("description", f"at most {MAX_DESCRIPTION} characters")
        with self.uow() as repo:
            if draft.from_warehouse_id:
                if draft.structure is not None:
                    raise invalid("from_warehouse_id", "give either from_warehouse_id or a structure")
                require_access(caller, draft.from_warehouse_id, "ADMIN")
                source = repo.get_warehouse(draft.from_warehouse_id)
                if source is None:
                    raise warehouse_not_found(draft.from_warehouse_id)
                structure, areas, fmt = source.structure, source.special_areas, source.location_format
            elif draft.structure is None:
                raise invalid("structure", "give a structure (or from_warehouse_id)")
            else:
                structure, areas = draft.structure, draft.special_areas
                fmt = (draft.location_format or "").strip() or None
            validated_model(structure, areas, fmt)
            for _ in range(CODE_ATTEMPTS):
                new = NewTemplate(
                    new_code(), name, description, draft.is_public, structure, areas, fmt, caller.user_id
                )
                created = repo.add_template(new)
                if created is not None:
                    return created
        raise RuntimeError("could not find a free template code")  # 32^8 codes: practically unreachable

    def list(self, caller: Caller) -> list[TemplateRecord]:
        """Public templates and the caller's own, newest first."""
        with self.uow() as repo:
            return repo.list_templates(caller.user_id)

    def get(self, caller: Caller, code: str) -> TemplateRecord:
        with self.uow() as repo:
            return visible_template(repo, caller, code)
