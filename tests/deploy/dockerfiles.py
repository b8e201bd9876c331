"""Read the Dockerfiles and .dockerignore well enough to check them (stages, instructions, context)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)  # (INSTRUCTION, arguments)

    def all(self, instruction: str) -> list[str]:
        return [args for ins, args in self.instructions if ins == instruction]


def stages(dockerfile: Path) -> list[Stage]:
    """Instructions with continuation lines joined and comments dropped, grouped by FROM."""
    logical, pending = [], ""
    for raw in dockerfile.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        pending += " " + line[:-1] if line.endswith("\\") else " " + line
        if not line.endswith("\\"):
            logical.append(pending.strip())
            pending = ""
    result: list[Stage] = []
    for line in logical:
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            found = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", args.strip(), re.IGNORECASE)
            assert found, line
            result.append(Stage(found.group(1), found.group(2)))
        else:
            result[-1].instructions.append((instruction, args.strip()))
    return result


class DockerIgnore:
    """The .dockerignore rules as BuildKit applies them: patterns in order, the last match wins, `!`
    re-includes, `**` spans directories, a pattern matching a directory matches everything under it."""

    def __init__(self, path: Path) -> None:
        self.rules: list[tuple[bool, re.Pattern[str]]] = []
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            include = line.startswith("!")
            self.rules.append((include, self._compile(line.lstrip("!").strip("/"))))

    @staticmethod
    def _compile(pattern: str) -> re.Pattern[str]:
        out, i = "", 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                out, i = out + "(?:.*/)?", i + 3
            elif pattern.startswith("**", i):
                out, i = out + ".*", i + 2
            elif pattern[i] == "*":
                out, i = out + "[^/]*", i + 1
            elif pattern[i] == "?":
                out, i = out + "[^/]", i + 1
            elif pattern[i] == "[":
                end = pattern.index("]", i)
                out, i = out + pattern[i : end + 1], end + 1
            else:
                out, i = out + re.escape(pattern[i]), i + 1
        return re.compile(out + "(?:/.*)?")

    def excluded(self, relative_path: str) -> bool:
        verdict = False
        for include, pattern in self.rules:
            if pattern.fullmatch(relative_path):
                verdict = not include
        return verdict
