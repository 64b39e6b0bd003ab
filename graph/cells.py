"""Cells for spreadsheets: what every CSV innokg writes for Excel passes through (the command
line's answers, the exports, the analyses)."""

from __future__ import annotations

from typing import Any

#: what a spreadsheet reads as the start of a formula (OWASP "CSV injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as the text it is: a text that would start a formula
    (=HYPERLINK(…), @SUM(…), -2+3) gets a leading apostrophe; numbers stay numbers.

    >>> spreadsheet_cell("=HYPERLINK(1)"), spreadsheet_cell("@SUM(A1)"), spreadsheet_cell("市科技局"), spreadsheet_cell(-2)
    ("'=HYPERLINK(1)", "'@SUM(A1)", '市科技局', -2)
    """
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
