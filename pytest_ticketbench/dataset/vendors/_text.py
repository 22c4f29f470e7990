"""Message bodies as plain text: HTML (Zendesk, Freshdesk, Intercom) and Atlassian Document Format (Jira).

A case holds what the customer read or wrote, as text: tags go, paragraphs and line breaks
become newlines, list items keep a dash, links keep their words, entities are decoded,
and scripts, styles and the quoted history some mail clients append are dropped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "hr"}
_SKIP = {"script", "style", "head", "title", "template"}
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def tidy(text: str) -> str:
    """Collapse runs of spaces, strip each line, keep at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_text(markup: str) -> str:
    """The words of an HTML body, one paragraph per line."""
    if not looks_like_html(markup):
        return tidy(html.unescape(markup))
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return _lists(tidy("".join(parser.parts)))


def _lists(text: str) -> str:
    """List items on their own lines: ``- item`` after the dash, no blank line between items."""
    text = re.sub(r"(?m)^- *\n+(?=\S)", "- ", text)
    return re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", text)


_ADF_BLOCKS = {"paragraph", "heading", "blockquote", "codeBlock", "listItem", "tableRow", "panel", "rule", "mediaSingle"}


def adf_to_text(node: Any) -> str:
    """The text of an Atlassian Document Format node (a ``{"type": "doc", "content": [...]}`` body).

    Walked with an explicit stack (a body can be nested as deep as the JSON reader allows).
    ``text`` nodes give their text, ``hardBreak`` a newline, ``mention``/``emoji``/``inlineCard``
    their shown text or URL; block nodes end with a newline and list items start with a dash.
    """
    parts: list[str] = []
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):  # a marker pushed below
            parts.append(item)
            continue
        if not isinstance(item, dict):
            continue
        kind = item.get("type") if isinstance(item.get("type"), str) else None
        attrs: dict[str, Any] = item["attrs"] if isinstance(item.get("attrs"), dict) else {}
        if kind == "text" and isinstance(item.get("text"), str):
            parts.append(item["text"])
        elif kind == "hardBreak":
            parts.append("\n")
        elif kind in ("mention", "emoji", "status", "date"):
            shown = attrs.get("text") or attrs.get("shortName") or attrs.get("timestamp") or ""
            parts.append(str(shown))
        elif kind in ("inlineCard", "blockCard", "embedCard"):
            parts.append(str(attrs.get("url") or ""))
        content = item.get("content")
        children = content if isinstance(content, list) else []
        if kind in _ADF_BLOCKS:
            stack.append("\n")
        stack.extend(reversed(children))
        if kind == "listItem":
            stack.append("- ")
        if kind in _ADF_BLOCKS:
            stack.append("\n")
    return _lists(tidy("".join(parts)))
