"""CSV cells a spreadsheet shows as text, never runs as a formula (OWASP's "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula: an
article titled ``=HYPERLINK(…)`` would become a live link in the editor's
sheet. Such a cell gets a leading apostrophe, which the programs take as
"this is text" (and do not show). The csv module's quoting does the rest.
"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]
