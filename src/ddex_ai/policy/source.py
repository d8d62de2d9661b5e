"""Read policy TOML: from a pack, a file, or a project's configuration, with error locations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ddex_ai.records import record

# The packs ship inside the package, as files (importlib.resources would cost every run 9 ms).
PACKS = Path(__file__).parent / "packs"
CONFIG_FILE = "ddex-ai.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "ddex-ai")


class PolicyError(ValueError):
    """A policy that cannot be used: a usage error that names the file, key and line."""

    def __init__(self, where: str, message: str, key: str | None = None, line: int | None = None):
        place = where + (f":{line}" if line else "") + (f": {key}" if key else "")
        super().__init__(f"policy {place}: {message}")


@record(frozen=True)
class PolicySource:
    """One policy document: its data, and enough of its text to point at a key's line."""

    name: str  # a pack's name, or the path as given
    data: dict[str, Any]
    text: str = ""
    path: Path | None = None  # None for packs
    table: str = ""  # where the policy sits in the file: "" or "tool.ddex-ai"

    def error(self, message: str, *keys: str) -> PolicyError:
        dotted = ".".join(keys) if keys else None
        return PolicyError(self.name, message, dotted, self.line_of(*keys) if keys else None)

    def line_of(self, *keys: str) -> int | None:
        """Line where ``keys`` (e.g. "severity", "AI008") is set, found by reading the text."""
        return locate(self.text, self.table, keys)

    def relative(self, target: str) -> Path:
        base = self.path.parent if self.path else Path.cwd()
        return (base / target).expanduser()


def pack_names() -> list[str]:
    files = PACKS.iterdir()
    return sorted(f.name[: -len(".toml")] for f in files if f.name.endswith(".toml"))


def read_pack(name: str) -> PolicySource:
    if name not in pack_names():
        raise PolicyError(name, f"no such policy pack; packs: {', '.join(pack_names())}")
    text = (PACKS / f"{name}.toml").read_text(encoding="utf-8")
    return PolicySource(name, _parse(text, name), text)


def read_file(path: Path, display: str | None = None) -> PolicySource:
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(display, f"cannot read: {exc.strerror or exc}") from None
    data = _parse(text, display)
    if path.name != PYPROJECT:
        return PolicySource(display, data, text, path)
    table = data.get("tool", {}).get("ddex-ai")
    if not isinstance(table, dict):
        raise PolicyError(display, "has no [tool.ddex-ai] table")
    return PolicySource(display, table, text, path, ".".join(PYPROJECT_TABLE))


def find_project_config(start: Path) -> Path | None:
    """The nearest ddex-ai.toml, or pyproject.toml with [tool.ddex-ai], from start upward."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib  # when a configuration is read: a run without one does not import it

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False  # not ours to judge; a broken pyproject is not a ddex-ai policy
    return isinstance(data.get("tool", {}).get("ddex-ai"), dict)


def _parse(text: str, where: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        raise PolicyError(
            where, f"not valid TOML: {exc}", line=int(match.group(1)) if match else None
        ) from None


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-.\" ]+?)\s*=")


def _parts(dotted: str) -> list[str]:
    return [part.strip().strip('"') for part in dotted.split(".")]


def locate(text: str, table: str, keys: tuple[str, ...]) -> int | None:
    """Best-effort line where a key is set: ``[a.b]`` + ``c =``, ``[a]`` + ``b.c =``, etc.

    When the key sits inside an inline table, the line of that table is given.
    """
    wanted = [*_parts(table), *keys] if table else list(keys)
    current: list[str] = []
    fallback = None
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = _parts(header.group(1))
            if current == wanted and fallback is None:
                fallback = number
            continue
        key = _KEY.match(line)
        if not key:
            continue
        full = current + _parts(key.group(1))
        if full == wanted:
            return number
        if full == wanted[: len(full)] and fallback is None:
            fallback = number
    return fallback
