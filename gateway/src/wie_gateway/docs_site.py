"""/docs (Swagger UI) and /redoc from assets on this machine: nothing is loaded from a CDN.

The console build copies swagger-ui-dist and redoc's standalone bundle into console/dist/vendor/, which
console_site serves. Swagger UI's validator badge is turned off: it would send the document off the machine.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse

from wie_gateway.console_site import NOT_BUILT, REVALIDATE, console_dir

SWAGGER = "/vendor/swagger-ui"
REDOC = "/vendor/redoc"
FAVICON = "/favicon.svg"
OPENAPI_URL = "/openapi.json"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
TITLE = "Warehouse Intelligence Engine"

router = APIRouter(include_in_schema=False)


def _built(relative: str) -> bool:
    return (console_dir() / relative).is_file()


def _not_built() -> HTMLResponse:
    return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": REVALIDATE})


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    if not _built("vendor/swagger-ui/swagger-ui-bundle.js"):
        return _not_built()
    page = get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title=f"{TITLE} — API",
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css",
        swagger_favicon_url=FAVICON,
        oauth2_redirect_url=OAUTH2_REDIRECT,
        swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
    )
    page.headers["Cache-Control"] = REVALIDATE
    return page


@router.get(OAUTH2_REDIRECT)
async def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    if not _built("vendor/redoc/redoc.standalone.js"):
        return _not_built()
    page = get_redoc_html(
        openapi_url=OPENAPI_URL,
        title=f"{TITLE} — API reference",
        redoc_js_url=f"{REDOC}/redoc.standalone.js",
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )
    page.headers["Cache-Control"] = REVALIDATE
    return page
