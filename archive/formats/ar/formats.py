"""Arabic date formats for the admin (Django's own leave DATETIME_FORMAT to the English «N j, Y, P»).

Day, month, year in reading order, a 24-hour clock (no «ظهراً»/«مساءً» to
guess from), the Arabic comma between date and time. Thousands are grouped
with the Arabic thousands separator (٬), not Django's ".", which an Arabic
reader takes for a decimal point.
"""
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
THOUSAND_SEPARATOR = "٬"
NUMBER_GROUPING = 3
