"""Arabic names of months and weekdays, and dates written the way the press writes them.

One Gregorian month has three Arabic names: the standard one of Egypt and the
Gulf (مايو), the Syriac one of the Levant and Iraq (أيار) and the French one
of the Maghreb (ماي). A Syrian source says أيار where a reader from Cairo
looks for مايو, so pages name a month both ways: "أيار - مايو".

Hijri dates come from hijridate (the Umm al-Qura calendar), not from tables
of our own; only the month names are ours, spelled as the brief of the
archive asks (ربيع الآخر, where hijridate says ربيع الثاني).
"""
import datetime

from hijridate import Gregorian

__all__ = [
    "STANDARD_MONTHS",
    "LEVANTINE_MONTHS",
    "MAGHREB_MONTHS",
    "HIJRI_MONTHS",
    "WEEKDAYS",
    "month_label",
    "month_year_label",
    "gregorian_label",
    "hijri_label",
]

STANDARD_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)
LEVANTINE_MONTHS = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)
MAGHREB_MONTHS = (
    "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان",
    "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)
# In Python's order: Monday is 0. الاثنين with a plain alef: its hamza is a hamzat wasl, not written.
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

HIJRI_ERA = "هـ"


def month_label(month: int) -> str:
    """The Levantine name beside the standard one: 5 gives "أيار - مايو"."""
    return f"{LEVANTINE_MONTHS[month - 1]} - {STANDARD_MONTHS[month - 1]}"


def month_year_label(year: int, month: int) -> str:
    """A month of a year: "أيار - مايو 2017"."""
    return f"{month_label(month)} {year}"


def gregorian_label(day: datetime.date) -> str:
    """A day: "10 أيار - مايو 2017"."""
    return f"{day.day} {month_year_label(day.year, day.month)}"


def hijri_label(day: datetime.date) -> str:
    """The Hijri day, "14 شعبان 1438 هـ"; "" outside the Umm al-Qura tables (1924–2077)."""
    try:
        hijri = Gregorian.fromdate(day).to_hijri()
    except OverflowError:
        return ""
    return f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year} {HIJRI_ERA}"
