"""The self-contained HTML report, rendered from the results document.

``render_html(doc) -> str`` and ``write_html(doc, path)`` take the results document
(``reports/results.py``'s dict), never pytest objects, so a report can be rendered again
from a saved results JSON. ``component.HtmlReport`` writes it at the end of a run.
"""

from __future__ import annotations

from .render import render_html, script_json, write_html

__all__ = ["render_html", "script_json", "write_html"]
