"""HTML to text: one line per block, inline text kept together, boilerplate dropped.

Government pages come whole (with navigation, scripts, footers) or as fragments such as the
``<tbody>`` bodies of crawled State Council pages. Paragraph breaks matter — headings and
tasks start at the beginning of a line — so block elements become line breaks while inline
spans within a paragraph are joined without any.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "ul",
    "ol",
    "table",
    "tbody",
    "thead",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "td",
    "th",
}
DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "iframe",
    "form",
    "button",
    "select",
    "head",
}
#: Where the body of a government page usually sits; the first that has text wins.
CONTENT_XPATHS = (
    '//*[@id="UCAP-CONTENT"]',
    '//*[contains(@class,"TRS_Editor")]',
    '//*[contains(@class,"pages_content")]',
    "//article",
    '//*[@id="content"]',
    '//*[contains(@class,"article")]',
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u3000\xa0]+")


def html_to_text(markup: str) -> str:
    root = _parse(markup)
    if root is None:
        return ""
    for bad in root.xpath("|".join(f"//{tag}" for tag in DROP_TAGS)):
        bad.drop_tree()
    body = _content_root(root)
    lines: list[str] = []
    _walk(body, lines, [""])
    # table rows keep the tabs between their cells (each cell is clean already)
    return "\n".join(line for line in (line if "\t" in line else _clean(line) for line in lines) if line)


#: 64 or more tags opened (or closed) one after another with no text between: generated
#: wrappers, or a page made to be nested 100,000 deep — deeper than the parser goes (it gives up
#: and returns nothing) and than a recursive walk can. A run keeps its first and last tags.
_WRAPPERS = re.compile(r"(<[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>)(?:\s*<[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>){62,}\s*(<[^<>]*>)")
_UNWRAPPERS = re.compile(r"(</[a-zA-Z][a-zA-Z0-9]*\s*>)(?:\s*</[a-zA-Z][a-zA-Z0-9]*\s*>){62,}\s*(</[^<>]*>)")


def _parse(markup: str):
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    markup = _UNWRAPPERS.sub(r"\1\2", _WRAPPERS.sub(r"\1\2", markup))
    try:
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def _content_root(root):
    for xpath in CONTENT_XPATHS:
        for candidate in root.xpath(xpath):
            if len(candidate.text_content().strip()) > 200:
                return candidate
    return root


def _walk(element, lines: list[str], current: list[str]) -> None:
    """Append the text of ``element`` to ``current[0]``, flushing to ``lines`` at block edges."""
    if isinstance(element, (etree._Comment, etree._ProcessingInstruction)):
        if element.tail:
            current[0] += element.tail
        return
    if isinstance(element.tag, str) and element.tag.lower() == "table" and (grid := _data_table(element)):
        _flush(lines, current)
        lines.extend("\t".join(row) for row in grid)
        if element.tail:
            current[0] += element.tail
        return
    block = isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS
    if block:
        _flush(lines, current)
    if element.text:
        current[0] += element.text
    for child in element:
        _walk(child, lines, current)
    if block:
        _flush(lines, current)
    if element.tail:
        current[0] += element.tail


def _data_table(table) -> list[list[str]] | None:
    """A table of data (two rows or more with two cells or more) as rows of cell texts, a cell
    that spans rows or columns repeated in each; None for a layout table (one cell a row)."""
    rows = [tr for tr in table.xpath("./tr|./*/tr")]
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still spanned)
    for tr in rows:
        row: list[str] = []
        cells = iter(tr.xpath("./td|./th"))
        column = 0
        while True:
            if column in pending:
                text, left = pending[column]
                row.append(text)
                if left > 1:
                    pending[column] = (text, left - 1)
                else:
                    del pending[column]
                column += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = _cell_text(cell)
            for _ in range(_span(cell, "colspan")):
                row.append(text)
                if _span(cell, "rowspan") > 1:
                    pending[column] = (text, _span(cell, "rowspan") - 1)
                column += 1
        grid.append(row)
    full = [row for row in grid if sum(1 for c in row if c) >= 2]
    return grid if len(full) >= 2 else None


def _cell_text(cell) -> str:
    """A cell's text on one line: its paragraphs and line breaks become spaces."""
    parts: list[str] = []
    _walk(cell, parts, [""])
    return " ".join(_clean(p) for p in parts if _clean(p)).replace("\t", " ")


def _span(cell, attribute: str) -> int:
    value = (cell.get(attribute) or "1").strip()
    return max(1, min(int(value), 50)) if value.isdigit() else 1


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""


def _clean(line: str) -> str:
    """Fold runs of white space; drop it entirely between two CJK characters (source line wraps)."""
    line = _SPACES.sub(" ", line).strip()
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", line)
