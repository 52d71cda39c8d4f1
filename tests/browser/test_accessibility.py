"""Every page family passes axe's checks of labels, landmarks, language, direction and contrast."""
import pytest

from archive.models import Tag
from tests.browser.accessibility import assert_accessible
from tests.factories import add_article, load_demo

pytestmark = pytest.mark.django_db  # not transactional: the archive is written once (``site``)

@pytest.fixture(scope="module")
def archive(site, module_index):
    """Written once for the module's tests, which only look at its pages (``site``)."""
    demo = load_demo()
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس الفرنسي Emmanuel Macron.", day="2018-04-02", tags=[macron])
    module_index.rebuild()
    return demo


@pytest.mark.parametrize(
    "path",
    [
        "/", "/articles/{pk}/", "/search/?q=ماكرون", "/search/?q=لا-شيء-هنا", "/search/?person=دونالد-ترامب",
        "/people/", "/places/", "/organisations/", "/topics/", "/tags/دونالد-ترامب/", "/archive/",
        "/archive/2017/", "/archive/2017/05/", "/archive/2017/05/10/",
    ],
)
def test_page_family_is_accessible(page, site, archive, path):
    page.goto(site.url + path.format(pk=archive.pk))
    assert_accessible(page)
