"""HTML to text: one line per block, inline text kept together, boilerplate dropped.

Government pages come whole (with navigation, scripts, footers) or as fragments such as the
``<tbody>`` bodies of crawled State Council pages. Paragraph breaks matter — headings and
tasks start at the beginning of a line — so block elements become line breaks while inline
spans within a paragraph are joined without any.
"""

from __future__ import annotations

import re
from typing import Any

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
    if root is TOO_DEEP:
        return _flat_text(markup)
    for bad in root.xpath("|".join(f"//{tag}" for tag in DROP_TAGS)):
        bad.drop_tree()
    body = _content_root(root)
    lines: list[str] = []
    _walk(body, lines, [""], {})
    # table rows keep the tabs between their cells (each cell is clean already)
    return "\n".join(line for line in (line if "\t" in line else _clean(line) for line in lines) if line)


#: 64 or more tags opened (or closed) one after another with no text between: generated
#: wrappers, or a page made to be nested 100,000 deep — deeper than the parser goes (it gives up
#: and returns nothing) and than a recursive walk can. A run keeps its first and last tags.
_WRAPPERS = re.compile(r"(<[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>)(?:\s*<[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>){62,}\s*(<[^<>]*>)")
_UNWRAPPERS = re.compile(r"(</[a-zA-Z][a-zA-Z0-9]*\s*>)(?:\s*</[a-zA-Z][a-zA-Z0-9]*\s*>){62,}\s*(</[^<>]*>)")


#: a tag whose attributes run longer than this keeps only those the reader uses: libxml2 checks
#: each attribute against the ones before it (20,000 attributes on one tag take seconds)
LONG_ATTRIBUTES = 2000
_LONG_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]{%d,})>" % LONG_ATTRIBUTES)
_KEPT_ATTRIBUTE = re.compile(r"""\b(?:id|class|colspan|rowspan)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)


def _short_attributes(match: re.Match[str]) -> str:
    kept = _KEPT_ATTRIBUTE.findall(match.group(2))[:4]
    return "<" + " ".join([match.group(1), *kept]) + ">"


#: what :func:`_parse` returns for a page nested deeper than libxml2 goes (2,048 levels even with
#: ``huge_tree``): it would drop everything below, so such a page is read as flat text instead
TOO_DEEP = object()


def _parse(markup: str):
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    markup = _LONG_TAG.sub(_short_attributes, markup)
    markup = _UNWRAPPERS.sub(r"\1\2", _WRAPPERS.sub(r"\1\2", markup))
    parser = lxml.html.HTMLParser(huge_tree=True)  # 2,048 levels, not 256
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if any("Excessive depth" in error.message for error in parser.error_log):
        return TOO_DEEP
    return root


_BLOCK_EDGE = re.compile(r"</?(?:%s)\b[^<>]*>" % "|".join(sorted(BLOCK_TAGS)), re.I)
_DROPPED = re.compile(r"<(script|style|head)\b[^<>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^<>]*>")


def _flat_text(markup: str) -> str:
    """A page's text without its tree: block tags break lines, other tags go, entities are read
    (for a page too deep to parse: every word of it is kept, in order)."""
    import html

    text = _TAG.sub("", _BLOCK_EDGE.sub("\n", _DROPPED.sub("", markup)))
    return "\n".join(line for line in (_clean(html.unescape(line)) for line in text.splitlines()) if line)


def _content_root(root):
    for xpath in CONTENT_XPATHS:
        for candidate in root.xpath(xpath):
            if len(candidate.text_content().strip()) > 200:
                return candidate
    return root


#: what a table's cells read as, by cell: a layout table is read cell by cell to see whether it
#: holds data, then walked again as text, so each nested table would be read twice per level
#: above it (2^depth) without it
Cells = dict[object, str]


def _walk(element, lines: list[str], current: list[str], cells: Cells, tables: int = 0) -> None:
    """Append the text of ``element`` to ``current[0]``, flushing to ``lines`` at block edges.

    A loop over a stack, not a recursion: a page may be nested 2,048 levels deep. ``tables``:
    how many tables hold ``element``; a table held by :data:`NESTED_TABLES` others is read as
    text (each level's cells are read once more to see whether its table holds data)."""
    stack: list[tuple[Any, bool, int]] = [(element, False, tables)]
    while stack:
        node, closing, depth = stack.pop()
        block = isinstance(node.tag, str) and node.tag.lower() in BLOCK_TAGS
        if closing:
            if block:
                _flush(lines, current)
            current[0] += node.tail or ""
            continue
        if isinstance(node, (etree._Comment, etree._ProcessingInstruction)):
            current[0] += node.tail or ""
            continue
        if _is_table(node):
            depth += 1
        grid = _data_table(node, cells, depth) if _is_table(node) and depth <= NESTED_TABLES else None
        if grid:
            _flush(lines, current)
            lines.extend("\t".join(row) for row in grid)
            current[0] += node.tail or ""
            continue
        if block:
            _flush(lines, current)
        current[0] += node.text or ""
        stack.append((node, True, depth))
        stack.extend((child, False, depth) for child in reversed(node))


#: how deep tables within tables are read as tables; deeper ones are read as text (the walk of
#: each level's cells reads what they hold: this bounds the work to this many walks of the page)
NESTED_TABLES = 8


def _is_table(node: object) -> bool:
    tag = getattr(node, "tag", None)
    return isinstance(tag, str) and tag.lower() == "table"


def _data_table(table, cells: Cells, tables: int) -> list[list[str]] | None:
    """A table of data (two rows or more with two cells or more) as rows of cell texts, a cell
    that spans rows or columns repeated in each; None for a layout table (one cell a row)."""
    rows = [tr for tr in table.xpath("./tr|./*/tr")]
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still spanned)
    for tr in rows:
        row: list[str] = []
        row_cells = iter(tr.xpath("./td|./th"))
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
            cell = next(row_cells, None)
            if cell is None:
                break
            text = _cell_text(cell, cells, tables)
            for _ in range(_span(cell, "colspan")):
                row.append(text)
                if _span(cell, "rowspan") > 1:
                    pending[column] = (text, _span(cell, "rowspan") - 1)
                column += 1
        grid.append(row)
    full = [row for row in grid if sum(1 for c in row if c) >= 2]
    return grid if len(full) >= 2 else None


def _cell_text(cell, cells: Cells, tables: int) -> str:
    """A cell's text on one line: its paragraphs and line breaks become spaces (read once)."""
    if cell not in cells:
        parts: list[str] = []
        _walk(cell, parts, [""], cells, tables)
        cells[cell] = " ".join(_clean(p) for p in parts if _clean(p)).replace("\t", " ")
    return cells[cell]


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
