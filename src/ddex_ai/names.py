"""File names and other untrusted text, made safe for every output.

POSIX file names are bytes; Python gives the bytes that are not UTF-8 as lone surrogates
(``surrogateescape``: byte 0xE9 becomes ``"\\udce9"``). Reports must stay valid UTF-8 and a
terminal must never receive raw control characters or escape sequences, from a name or from
a message's content:

- JSON (``json_text``): undecodable bytes as the JSON escape ``\\udcXX`` (reversible:
  ``os.fsencode(json.loads(...))`` gives the original bytes), and the characters a terminal
  acts on (C0 controls, DEL, C1 controls) and U+2028/U+2029 as ``\\uXXXX``;
- text, CSV and JUnit (``printable``): undecodable bytes as ``\\xXX``, control characters as
  ``\\xXX``, Unicode line and paragraph separators as ``\\u2028``/``\\u2029``;
- URIs (``uri_path``): the name's bytes, percent-encoded.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import quote

# What json.dumps(ensure_ascii=False) leaves raw but must not be: DEL, C1, lone surrogates,
# and the line and paragraph separators (str.splitlines would split a JSON Lines line there).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# What must not reach a terminal or a spreadsheet raw: controls, separators, undecodable bytes.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
_PATTERNS: dict[str, re.Pattern] = {}


def _unprintable(keep: str) -> re.Pattern:
    pattern = _PATTERNS.get(keep)
    if pattern is None:
        kept = "".join(re.escape(c) for c in keep)
        pattern = re.compile(f"(?![{kept}])[{_CONTROLS}]" if keep else f"[{_CONTROLS}]")
        _PATTERNS[keep] = pattern
    return pattern


def _json_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: object, **options) -> str:
    """``json.dumps(value, ensure_ascii=False)``, always valid UTF-8 and terminal-safe."""
    return json_safe(json.dumps(value, ensure_ascii=False, **options))


def json_safe(encoded: str) -> str:
    """JSON text of ``json.dumps(ensure_ascii=False)``, made valid UTF-8 and terminal-safe
    (JSON's own punctuation is never escaped, so pieces may be joined first)."""
    return encoded if encoded.isascii() else _JSON_UNSAFE.sub(_json_escape, encoded)


def _printable_escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(value: str, keep: str = "\t\n") -> str:
    """``value`` with control characters (but those in ``keep``) and undecodable bytes shown
    as escapes. A terminal gets tab and newline; a CSV cell also CR (the cell is quoted)."""
    if value.isascii() and value.isprintable():
        return value
    return _unprintable(keep).sub(_printable_escape, value)


def printable_name(path: str) -> str:
    """A file name for people: one line, nothing a terminal would act on."""
    return printable(path, keep="")


def uri_path(path: str) -> str:
    """A path's bytes percent-encoded for a URI (``/`` kept)."""
    return quote(os.fsencode(path))
