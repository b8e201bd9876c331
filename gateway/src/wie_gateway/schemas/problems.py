"""The one Problem schema (RFC 9457) every error answer of the API follows, as `application/problem+json`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FieldProblem(BaseModel):
    model_config = ConfigDict(extra="allow")

    field: str = Field(description="the field at fault, dotted when nested (`structure.aisles`), or `body`")
    message: str


class Problem(BaseModel):
    """An error. `type` ends in the machine-readable reason (`…/warehouse-not-found`); some problems carry
    members of their own beside the standard ones (`required` and `held` on too little access, `report_id`
    on an upload still in progress, the file's rows on a bad upload)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "https://wie.dev/problems/access-too-low",
                    "title": "Forbidden",
                    "status": 403,
                    "detail": "WRITE access to warehouse 3f2a… is required (you have READ)",
                    "instance": "/api/v1/warehouses/3f2a…/reports",
                    "required": "WRITE",
                    "held": "READ",
                },
                {
                    "type": "https://wie.dev/problems/validation-error",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": "invalid input: structure.aisles",
                    "instance": "/api/v1/warehouses",
                    "errors": [{"field": "structure.aisles", "message": "Input should be greater than 0"}],
                },
            ]
        },
    )

    type: str = Field(description="a URI naming the problem; its last segment is the reason")
    title: str
    status: int = Field(description="the HTTP status of the answer")
    detail: str = Field(description="what went wrong, for a person")
    instance: str | None = Field(default=None, description="the request path")
    errors: list[FieldProblem] | None = Field(default=None, description="one entry per field at fault")
