"""Gradebook cells that a spreadsheet shows as text, never runs as a formula.

A learner names their own folder, and that name is a gradebook cell: `=HYPERLINK(...)` or
`+cmd|...` would be a formula once the CSV is opened. As OWASP's CSV injection guidance says,
a cell starting with = + - @, a tab or a carriage return is written with a `'` before it,
which spreadsheets take as "text" and do not show.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """`value` as a cell no spreadsheet evaluates (numbers are left as they are)."""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def original(cell: str) -> str:
    """The value that `safe_cell` escaped, read back from a gradebook."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
