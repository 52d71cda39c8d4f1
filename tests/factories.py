"""Building blocks for tests: articles written the way the importer and the admin store them, and the
small archives several test modules read (the demo's seed article plus a handful written for one behaviour).

Plain functions, so a test module builds the same archive once for all its tests (a module-scoped fixture
on ``module_db``, tests/conftest.py) or afresh for a test that changes it (the function-scoped fixtures).
"""
import datetime

from django.core.management import call_command

from archive.dates import aware_from_day
from archive.models import Article, Source, Tag

SEED_TITLE = "لافروف: أي لقاء قمة بين بوتين وترامب يجب أن يخرج بنتائج ملموسة"
SEED_PERSONS = [
    "سيرغي لافروف",
    "فلاديمير بوتين",
    "دونالد ترامب",
    "ديميتري بيسكوف",
    "ريكس تيلرسون",
    "ماريا زاخاروفا",
]


def add_article(title, body, day="2018-03-01", source="بي بي سي عربي", tags=(), status="published"):
    article = Article.objects.create(
        title=title, body=body, published=aware_from_day(datetime.date.fromisoformat(day)),
        source=Source.objects.get_or_create(name=source)[0], status=status,
    )
    article.tags.set(tags)
    return article


def load_demo():
    """The demo archive as `make run` loads it; returns the seed article."""
    call_command("load_demo", verbosity=0)
    return Article.objects.get(title=SEED_TITLE)


def write_small_archive(seed):
    """The seed article plus a handful written to test one behaviour each (search, CSP), by name."""
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    return {
        "seed": seed,
        "school": add_article("مُحَمَّدٌ يزور المَدْرَسَةَ", "زار الطالب مستشفى المدينة وقال إن إسرائيل ستفتح المدرسة."),
        "title_word": add_article("ماكرون في بيروت", "زيارة قصيرة.", day="2018-04-02", tags=[macron]),
        "body_word": add_article("زيارة رسمية", "وصل الرئيس الفرنسي ماكرون إلى بيروت أمس.", day="2018-04-20"),
        "maqal": add_article("مقال الرأي", "نشرت الصحيفة مقالا عن الاقتصاد.", day="2018-05-05"),
        "draft": add_article("ماكرون مسودة", "نص لم ينشر.", status=Article.Status.DRAFT),
    }


def write_feed_archive(seed):
    """The seed article (its source given a site) and four more: ماكرون twice, a draft, a title with
    characters XML must escape or drop (feeds, discovery, page metadata); returns the seed article."""
    seed.source.url = "https://www.sana.sy/"
    seed.source.save()
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس.\n\nفقرة ثانية.", day="2018-04-02", tags=[macron])
    add_article("ماكرون يعود", "عاد ماكرون إلى باريس.", day="2018-05-03", tags=[macron])
    add_article("ماكرون مسودة", "لم ينشر.", day="2018-06-01", tags=[macron], status="draft")
    add_article("خبر فيه <رموز> & \x0b تحكم", "نص\x0c فيه & و <b>وسوم</b>.", day="2018-05-04")
    return seed
