"""Text safe to put in XML: escaped, and without the characters XML 1.0 cannot hold."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from ddex_ai.names import printable

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(value: object) -> str:
    # Undecodable bytes and control characters as escapes first: a name stays readable.
    return _NOT_XML.sub("\ufffd", printable(str(value)))


def text(value: object) -> str:
    return escape(clean(value))


def attr(value: object) -> str:
    return quoteattr(clean(value))
