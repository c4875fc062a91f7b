"""Tables that a phone can read: each body cell labelled with its column's header.

Below 600 px the site shows a table as stacked cards, one per row, each cell
under its column's name (`record.css`: `td[data-label]::before`), so that the
claimant, side, status and date of a figure stay in view without scrolling
sideways. The label is the header's own text, in the page's language: no
stylesheet repeats column names, and a template may add, drop or reorder a
column freely.

Runs on a page's HTML after the allowlist (`allowlist.clean`); the header text
is re-escaped for the attribute. Tables without a header row stay as they are.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_TD = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def label_cells(page_html: str) -> str:
    """`page_html` with `data-label="<header text>"` on each body cell of each table that
    has a header row. The table itself gets no class: Material styles only tables
    without one (`table:not([class])`)."""
    return _TABLE.sub(_label_table, page_html)


def _label_table(match: re.Match[str]) -> str:
    inner = match.group(1)
    head = _HEAD.search(inner)
    if head is None:
        return match.group(0)
    labels = [html.escape(" ".join(html.unescape(_TAG.sub("", th)).split()), quote=True)
              for th in _TH.findall(head.group(1))]
    if not labels:
        return match.group(0)

    def row(m: re.Match[str]) -> str:
        cells = iter(labels)
        return "<tr>" + _TD.sub(lambda _td: f'<td data-label="{next(cells, "")}"', m.group(1)) + "</tr>"

    body = _BODY.sub(lambda b: "<tbody>" + _ROW.sub(row, b.group(1)) + "</tbody>", inner)
    return f"<table>{body}</table>"


__all__ = ["label_cells"]
