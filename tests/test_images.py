"""Lead images and bylines: uploaded in the admin or named in an import; on the page, in cards, feeds and Open Graph."""
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from archive.models import Article
from archive.pages import images
from tests.pages import change_url, opened_form, parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
ATOM = "{http://www.w3.org/2005/Atom}"


def picture(fmt="JPEG", size=(40, 30)):
    data = io.BytesIO()
    Image.new("RGB", size, "teal").save(data, fmt)
    return data.getvalue()


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload(staff_client, article, name, content, **fields):
    data = {**opened_form(staff_client, article), "image_caption": "الوزيران في دمشق", "image_credit": "سانا",
            "author": "مراسل الأرشيف", **fields}
    data["image"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return staff_client.post(change_url(article), data)


def test_an_uploaded_image_is_on_the_page_in_cards_feeds_and_open_graph(staff_client, demo, client):
    response = upload(staff_client, demo, "../../صورة الوزير.JPG", picture())
    assert response.status_code == 302
    demo.refresh_from_db()
    [stored] = stored_files()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "articles") and stored.suffix == ".jpg"
    assert "الوزير" not in stored.name  # a name of our own, never the uploader's
    url = demo.image.url
    assert client.get(url).status_code == 200

    page = parse(client.get(demo.get_absolute_url()))
    figure = page.select_one("figure.lead-image")
    assert figure.img["src"] == url and "الوزيران في دمشق" in figure.figcaption.get_text()
    assert "سانا" in figure.select_one(".credit").get_text()
    assert "مراسل الأرشيف" in page.select_one(".byline").get_text()
    assert page.select_one('meta[property="og:image"]')["content"] == "http://testserver" + url
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    assert parse(client.get("/")).select_one(".card-image")["src"] == url

    rss = ET.fromstring(client.get("/feeds/rss/").content)
    enclosure = rss.find("channel/item/enclosure")
    assert enclosure.attrib == {"url": "http://testserver" + url, "length": str(stored.stat().st_size),
                                "type": "image/jpeg"}
    assert rss.find("channel/item/{http://purl.org/dc/elements/1.1/}creator").text == "مراسل الأرشيف"
    atom = ET.fromstring(client.get("/feeds/atom/").content)
    link = atom.find(f"{ATOM}entry/{ATOM}link[@rel='enclosure']")
    assert link.get("href") == "http://testserver" + url and link.get("type") == "image/jpeg"


@pytest.mark.parametrize("name, content, message", [
    ("notes.jpg", b"%PDF-1.4 not a picture at all", "ليس صورة"),
    ("huge.jpg", b"\xff\xd8" + b"0" * (images.MAX_BYTES + 1), "الحد الأقصى"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "ليس صورة"),
    ("anim.bmp", picture("BMP"), "غير مقبولة"),
])
def test_a_bad_image_is_a_form_error_and_nothing_is_written(staff_client, demo, name, content, message):
    response = upload(staff_client, demo, name, content)
    assert response.status_code == 200
    assert message in parse(response).select_one(".field-image .errorlist").get_text()
    demo.refresh_from_db()
    assert not demo.image and demo.author == "" and stored_files() == []


def test_a_name_with_a_path_is_refused_by_the_field():
    field = images.LeadImageField(required=False)
    # Django keeps only the last part of a name with "/" (and its multipart parser of one with "\\"):
    # these are what is left to a client that bypasses both.
    for name in ("..\\..\\windows\\photo.jpg", "C:\\Users\\photo.jpg", "photo.jpg\x00.php"):
        upload = SimpleUploadedFile("x.jpg", picture())
        upload.name = name
        with pytest.raises(Exception) as error:
            field.clean(upload)
        assert "مسار" in str(error.value)


def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    with pytest.raises(Exception) as error:
        images.LeadImageField().clean(SimpleUploadedFile("big.png", picture("PNG", (20, 20))))
    assert "أبعاد الصورة 20×20" in str(error.value)


def test_an_import_names_the_image_by_url_and_the_byline(tmp_path, client):
    path = tmp_path / "with_image.jsonl"
    path.write_text(json.dumps({
        "title": "افتتاح معرض الكتاب", "body": "افتُتح معرض الكتاب في دمشق.", "published": "2018-02-18",
        "author": "ريم حداد", "image": {"url": "https://example.org/pictures/fair.png", "caption": "جناح الأطفال",
                                        "credit": "أ ف ب"},
    }, ensure_ascii=False), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert (article.author, article.image_url, article.image_caption, article.image_credit) == (
        "ريم حداد", "https://example.org/pictures/fair.png", "جناح الأطفال", "أ ف ب")
    page = parse(client.get(article.get_absolute_url()))
    assert page.select_one("figure.lead-image img")["src"] == "https://example.org/pictures/fair.png"
    enclosure = ET.fromstring(client.get("/feeds/rss/").content).find("channel/item/enclosure")
    assert enclosure.attrib == {"url": "https://example.org/pictures/fair.png", "length": "0", "type": "image/png"}
