"""What the article list and form tell editors about when an article is public: draft, published, or scheduled."""
import datetime

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from archive.arabic.calendar_names import STANDARD_MONTHS
from archive.templatetags.archive_dates import arabic_moment

# A date further ahead than this is most likely a typo (2107 for 2017, 9999 for a placeholder): the editor is told.
FAR_AHEAD = datetime.timedelta(days=366)


def far_ahead_warning(article, now=None):
    """An Arabic warning when a published article's date is so far ahead it will stay hidden for years, or None."""
    now = now or timezone.now()
    if not article.is_published or article.published is None or article.published - now <= FAR_AHEAD:
        return None
    return (f"تاريخ نشر المقال «{article.title}» بعيد جدًا ({arabic_moment(timezone.localtime(article.published))})، "
            f"فلن يراه القرّاء قبل ذلك اليوم. إن لم يكن هذا مقصودًا فصحّح التاريخ، أو اتركه فارغًا إن كان مجهولًا.")


class PublicationAdminMixin:
    """The list's «الحالة» column says «مجدول» with the moment; saving a far-ahead date warns the editor."""

    @admin.display(description="الحالة", ordering="status")
    def publication_state(self, article):
        """«مجدول» with the day and time it becomes public (short: it sits in a list column); else the status."""
        if article.is_scheduled:
            moment = timezone.localtime(article.published)
            return format_html('<span class="state-scheduled" title="يظهر للقرّاء في {}">مجدول '
                               '<time datetime="{}">{} {} {}، {}</time></span>',
                               arabic_moment(moment), moment.isoformat(), moment.day,
                               STANDARD_MONTHS[moment.month - 1], moment.year, f"{moment:%H:%M}")
        return article.get_status_display()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warning = far_ahead_warning(obj)
        if warning:
            self.message_user(request, warning, messages.WARNING)
        elif obj.is_scheduled:
            self.message_user(request, f"المقال مجدول: يظهر للقرّاء في "
                                       f"{arabic_moment(timezone.localtime(obj.published))}.", messages.INFO)
