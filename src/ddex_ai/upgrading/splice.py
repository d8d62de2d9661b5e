"""The bytes of an upgraded message: the original's prolog (declaration, comments) and root
start tag kept as written, with only the namespace, schema location and ``AvsVersionId``
changed in it; the root's content written by lxml from the walked tree (whitespace and
comments kept)."""

from __future__ import annotations

import re

from lxml import etree

from ddex_ai.records import record

_ERN_URI = re.compile(rb"http://ddex\.net/xml/ern/(\d+)(?=[\"'\s/])")
_AVS = re.compile(rb"""(\sAvsVersionId\s*=\s*)(["'])[^"']*\2""")


class NotSpliceable(ValueError):
    """The file's layout is one this module does not rewrite (an encoding that is not
    ASCII-compatible, a root that cannot be found)."""


@record(frozen=True)
class Parts:
    start: int  # the root start tag's "<"
    body: int  # just after its ">"
    end: int  # the root end tag's "<"


def _skip_prolog(data: bytes) -> int:
    index = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while index < len(data) and data[index : index + 1].isspace():
            index += 1
        if data.startswith(b"<?", index):
            index = data.index(b"?>", index) + 2
        elif data.startswith(b"<!--", index):
            index = data.index(b"-->", index) + 3
        elif data.startswith(b"<!", index):
            bracket, close = data.find(b"[", index), data.index(b">", index)
            if -1 < bracket < close:  # an internal subset: its end, then the ">"
                close = data.index(b">", data.index(b"]", bracket))
            index = close + 1
        else:
            return index


def locate(data: bytes) -> Parts:
    try:
        start = _skip_prolog(data)
        quote, index = None, start
        while True:
            char = data[index : index + 1]
            if not char:
                raise NotSpliceable("the root element's start tag does not end")
            if quote:
                quote = None if char == quote else quote
            elif char in (b'"', b"'"):
                quote = char
            elif char == b">":
                break
            index += 1
    except ValueError as exc:
        raise NotSpliceable(str(exc)) from exc
    name = re.match(rb"<([^\s/>]+)", data[start:])
    end = data.rfind(b"</" + name.group(1)) if name else -1
    if end <= index:
        raise NotSpliceable("the root element has no end tag")
    return Parts(start, index + 1, end)


def start_tag(tag: bytes, old_code: str, new_code: str, avs_version: str | None) -> bytes:
    """The root start tag naming the target version (namespace, xsi:schemaLocation)."""
    tag = _ERN_URI.sub(
        lambda m: (
            m.group(0).replace(old_code.encode(), new_code.encode())
            if m.group(1) == old_code.encode()
            else m.group(0)
        ),
        tag,
    )
    if avs_version and _AVS.search(tag):
        tag = _AVS.sub(lambda m: m.group(1) + m.group(2) + avs_version.encode() + m.group(2), tag)
    elif avs_version:  # before 4.3 there was none; from 4.3 on it is required
        end = len(tag) - (2 if tag.endswith(b"/>") else 1)
        tag = tag[:end].rstrip() + b' AvsVersionId="' + avs_version.encode() + b'"' + tag[end:]
    return tag


def ascii_compatible(encoding: str) -> bool:
    try:
        return "<a>".encode(encoding) == b"<a>"
    except LookupError:
        return False


def content(root: etree._Element, encoding: str) -> bytes:
    """The root's content as lxml writes it (text, children, their tails), without the
    namespace declarations that writing a child alone would repeat on it."""
    written = etree.tostring(root, encoding=encoding, xml_declaration=False, with_tail=False)
    parts = locate(written)
    return written[parts.body : parts.end]
