"""The subset of Markdown that rule documentation uses, as HTML: headings, paragraphs,
lists, fenced code and inline code. Everything is escaped first, so a rule's text can never
become markup in the page."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_INLINE_CODE = re.compile(r"`([^`]+)`")
_EMPHASIS = re.compile(r"\*\*([^*]+)\*\*")


def _inline(text: str) -> str:
    escaped = str(escape(text))
    escaped = _INLINE_CODE.sub(r"<code>\1</code>", escaped)
    return _EMPHASIS.sub(r"<strong>\1</strong>", escaped)


def markdown_to_html(text: str) -> Markup:
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if code is not None:
            if stripped.startswith("```"):
                out.append(f"<pre><code>{escape(chr(10).join(code))}</code></pre>")
                code = None
            else:
                code.append(line)
        elif stripped.startswith("```"):
            flush()
            code = []
        elif stripped.startswith("#"):
            flush()
            out.append(f"<h4>{_inline(stripped.lstrip('#').strip())}</h4>")
        elif stripped.startswith(("- ", "* ")):
            if paragraph:
                flush()
            items.append(stripped[2:])
        elif not stripped:
            flush()
        elif items and line.startswith("  "):
            items[-1] += " " + stripped  # a list item's continuation line
        else:
            if items:
                flush()
            paragraph.append(stripped)
    if code is not None:
        out.append(f"<pre><code>{escape(chr(10).join(code))}</code></pre>")
    flush()
    return Markup("\n".join(out))
