"""Reader for articles in the seed's plain-text shape, one article a file.

The shape (title line, ``CITY-SOURCE`` dateline line, body) is parsed by
:func:`archive.importing.article_text.parse_article_text`, the same parser the demo data
uses; the file has no date, so the writer looks for one in the text.
"""
from .article_text import ArticleTextError, parse_article_text
from .records import EMPTY_FILE, Origin, Record, Rejection, TagSpec, undecodable


def read(stream, name, limits):
    origin = Origin(name)
    data = stream.read(limits.whole_file_bytes + 1)
    if len(data) > limits.whole_file_bytes:
        yield Rejection(origin, limits.too_long_file("text"))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Rejection(origin, undecodable(error))
        return
    if not text.strip():
        yield Rejection(origin, EMPTY_FILE)
        return
    try:
        parsed = parse_article_text(text)
    except ArticleTextError as error:
        yield Rejection(origin, str(error))
        return
    yield Record(
        origin=origin,
        title=parsed.title,
        body=parsed.body,
        source=parsed.source_name,
        dateline=TagSpec("place", parsed.dateline_place),
    )

