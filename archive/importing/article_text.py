"""Articles in the seed's plain-text shape.

The shape is: a title line, a dateline line ``CITY-SOURCE`` (``موسكو-سانا``),
then the body, paragraphs separated by blank lines. Blank lines between the
three parts are optional.
"""
from dataclasses import dataclass


class ArticleTextError(ValueError):
    """The text does not have a title, a dateline and a body."""


@dataclass
class ArticleText:
    title: str
    dateline_place: str
    source_name: str
    body: str


def parse_article_text(text):
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    content = [line for line in lines if line]
    if len(content) < 3:
        raise ArticleTextError("النص يحتاج إلى عنوان وسطر مكان ومصدر ثم نص المقال.")
    title, dateline = content[0], content[1]
    place, dash, source = dateline.rpartition("-")
    if not dash or not place.strip() or not source.strip():
        raise ArticleTextError(f"سطر المكان والمصدر «{dateline}» ليس على صورة «المدينة-المصدر».")
    return ArticleText(
        title=title,
        dateline_place=place.strip(),
        source_name=source.strip(),
        body="\n\n".join(content[2:]),
    )
