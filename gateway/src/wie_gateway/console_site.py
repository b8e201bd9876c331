"""The web console: the files `make console` built (console/dist), served at `/` with an SPA fallback.

Any GET of a path that is not an API or operations path and names no built file answers index.html, so the
console's client routes (/warehouses/3/reports/7) survive a reload. Hashed build output under /assets/ is
immutable and cached for a year; everything else (index.html first) is revalidated on every load, so a new
build is picked up at once. Include this router last: it only sees paths no other route matched.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.convertors import Convertor, register_url_convertor

# Paths the console never answers: they belong to the API and the operations endpoints (their 404 stays
# problem+json, and a wrong method stays 405).
RESERVED = ("api", "docs", "redoc", "openapi.json", "metrics", "healthz", "readyz")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Console not built</title></head><body><main><h1>The web console is not built</h1>
<p>Run <code>make console</code> (or <code>make run</code>, which builds it) and reload this page.
The API is at <a href="/docs">/docs</a>.</p></main></body></html>"""


class ConsolePathConvertor(Convertor[str]):
    """Any path (possibly empty) whose first segment is not reserved."""

    regex = "(?!(?:" + "|".join(p.replace(".", r"\.") for p in RESERVED) + ")(?:/|$)).*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("console_path", ConsolePathConvertor())


def console_dir() -> Path:
    """CONSOLE_DIR (the image sets it), else console/dist of the source tree this module runs from."""
    configured = os.environ.get("CONSOLE_DIR", "").strip()
    if configured:
        return Path(configured).resolve()
    return (Path(__file__).resolve().parents[3] / "console" / "dist").resolve()


def built_file(root: Path, path: str) -> Path | None:
    """The file under root that path names, or None (also for anything escaping root)."""
    if not path:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


router = APIRouter(include_in_schema=False)


@router.api_route("/{path:console_path}", methods=["GET", "HEAD"])
async def console(path: str) -> Response:
    root = console_dir()
    index = root / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": REVALIDATE})
    found = built_file(root, path)
    if found is not None:
        hashed = path.startswith("assets/")
        return FileResponse(found, headers={"Cache-Control": IMMUTABLE if hashed else REVALIDATE})
    if path.startswith("assets/") or path.startswith("vendor/"):
        # A missing build file is a 404, never the app shell (a browser would try to run HTML as script).
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(index, headers={"Cache-Control": REVALIDATE})
