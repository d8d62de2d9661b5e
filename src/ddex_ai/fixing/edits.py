"""Edits that fixes ask for, applied to the file's bytes: everything outside the edited
elements stays byte for byte as it was (declaration, encoding, prefixes, comments,
indentation). Elements are found in the bytes from the line lxml reports for them."""

from __future__ import annotations

import re

from ddex_ai.fixing.child_order import CHILD_ORDER
from ddex_ai.records import record


@record(frozen=True)
class Insert:
    """A new child ``<tag>text</tag>`` of ``parent``, where the XSD's sequence puts it."""

    parent: object
    tag: str
    text: str


@record(frozen=True)
class SetText:
    el: object
    text: str


@record(frozen=True)
class Remove:
    el: object


@record(frozen=True)
class SetAttribute:
    """An attribute added to the element's start tag (which must not have it yet)."""

    el: object
    name: str
    value: str


class EditFailed(Exception):
    """The bytes are not laid out as the edit expects: the fix is not applied."""


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(rb"\n", data))
    return starts


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _start_tag(data: bytes, lines: list[int], el) -> re.Match:
    """The element's start tag in the bytes: at or a few lines before its reported line."""
    name = re.escape(_local(el).encode())
    pattern = re.compile(rb"<(?:[\w.-]+:)?" + name + rb"(?=[\s>/])")
    line = el.sourceline
    # On one line (minified XML) several elements of the name: this one is the n-th of them.
    same = [e for e in el.getroottree().iter(el.tag) if e.sourceline == line]
    nth = same.index(el)
    for back in range(0, 4):  # a start tag spread over lines is reported at its end
        start = lines[max(0, line - 1 - back)]
        end = lines[line] if line < len(lines) else len(data)
        found = list(pattern.finditer(data, start, end))
        if len(found) > nth:
            return found[nth]
    raise EditFailed(f"cannot find <{_local(el)}> near line {line}")


def _end_of(data: bytes, lines: list[int], el) -> int:
    """The offset just past the element's end tag (or its self-closing start tag)."""
    start = _start_tag(data, lines, el)
    close = data.index(b">", start.end())
    if data[close - 1 : close] == b"/":
        return close + 1
    qname = data[start.start() + 1 : start.end()]  # with its prefix, as the end tag has it
    end = re.compile(rb"</" + re.escape(qname) + rb"\s*>")
    match = end.search(data, close)
    if match is None:
        raise EditFailed(f"cannot find the end of <{_local(el)}>")
    return match.end()


def _indent_before(data: bytes, offset: int) -> bytes | None:
    """The whitespace between the line's start and ``offset``, if only whitespace is there."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset]
    return before if not before.strip() else None


def apply(data: bytes, edits: list, version: str) -> bytes:
    """The bytes with every edit made (edits touch distinct elements)."""
    lines = _line_starts(data)
    splices: list[tuple[int, int, bytes]] = []
    for edit in edits:
        splices.append(_splice(data, lines, edit, version))
    splices.sort(reverse=True)
    for i in range(len(splices) - 1):
        if splices[i + 1][1] > splices[i][0]:
            raise EditFailed("two fixes edit the same place")
    for start, end, text in splices:
        data = data[:start] + text + data[end:]
    return data


def _splice(data: bytes, lines: list[int], edit, version: str) -> tuple[int, int, bytes]:
    if isinstance(edit, SetText):
        start = _start_tag(data, lines, edit.el)
        open_end = data.index(b">", start.end()) + 1
        close = data.index(b"<", open_end)
        return open_end, close, _escape(edit.text)
    if isinstance(edit, SetAttribute):
        start = _start_tag(data, lines, edit.el)
        value = edit.value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return start.end(), start.end(), f' {edit.name}="{value}"'.encode()
    if isinstance(edit, Remove):
        start = _start_tag(data, lines, edit.el).start()
        end = _end_of(data, lines, edit.el)
        indent = _indent_before(data, start)
        if indent is not None and data[end : end + 1] in (b"\n", b"\r"):
            start -= len(indent)  # the element's own line goes
            end += 2 if data[end : end + 2] == b"\r\n" else 1
        return start, end, b""
    return _insert(data, lines, edit, version)


def _insert(data: bytes, lines: list[int], edit: Insert, version: str) -> tuple[int, int, bytes]:
    order = CHILD_ORDER[version][_local(edit.parent)]
    followers = set(order[order.index(edit.tag) + 1 :])
    element = (
        b"<" + edit.tag.encode() + b">" + _escape(edit.text) + b"</" + edit.tag.encode() + b">"
    )
    children = [c for c in edit.parent if isinstance(c.tag, str)]
    after = next((c for c in children if _local(c) in followers), None)
    if after is not None:
        at = _start_tag(data, lines, after).start()
        indent = _indent_before(data, at)
        if indent is None:
            return at, at, element
        newline = b"\r\n" if data[at - len(indent) - 2 : at - len(indent)] == b"\r\n" else b"\n"
        return at, at, element + newline + indent
    if not children:
        raise EditFailed(f"<{_local(edit.parent)}> has no children to place the new one by")
    last = children[-1]
    end = _end_of(data, lines, last)
    start = _start_tag(data, lines, last).start()
    indent = _indent_before(data, start)
    if indent is None:
        return end, end, element
    newline = b"\r\n" if data[end : end + 2] == b"\r\n" else b"\n"
    return end, end, newline + indent + element


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").encode()
