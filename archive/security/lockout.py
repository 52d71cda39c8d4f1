"""The page an editor sees when the admin's login is locked after too many wrong passwords (django-axes)."""
from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


def lockout_response(request, original_response=None, credentials=None):
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    now = timezone.now()
    wait = f"أعد المحاولة بعد {timeuntil(now + cool_off, now)}." if cool_off else "اطلب من أحد المشرفين فتح حسابك."
    context = {
        "error_code": "429",
        "error_title": "محاولات دخول خاطئة كثيرة",
        "error_text": f"أُغلق الدخول إلى لوحة المحررين مؤقتًا: بلغت المحاولات بكلمة مرور خاطئة حدّها ({limit}). {wait}",
    }
    return render(request, "includes/error_page.html", context, status=429)
