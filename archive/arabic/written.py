"""A word's analysis from the word as written, for indexing in bulk.

:func:`analysis.analysed_words` finds a text's word spans, normalizes them,
and looks each normalized word up: about 2 ms of CPU per article, most of an
index build, for words nearly all analysed before. A word's analysis depends
on the word as written alone, with one exception: an ambiguous stop word
(:data:`stopwords.AMBIGUOUS`) in a text that is already folded, which
:func:`stopwords.stop_test` decides from its place in the text. So a bulk
indexer cuts the text with :func:`tokenize.written_words` (one regular
expression), looks each word up as written in a dictionary of its own, fills
it from :func:`analyse_written`, and takes ``analysed_words`` for the rare
text that is folded and holds a word :func:`analyse_written` calls
contextual.
"""

from .analysis import analyze_word
from .normalize import normalize
from .stopwords import decided_by_context, stopped_as_written
from .tokenize import is_plain, split_word
from .variants import VariantTable, get_table

__all__ = ["analyse_written"]


def analyse_written(word: str, table: VariantTable | None = None) -> tuple:
    """(analyses, contextual) of ``word``, one of :func:`tokenize.written_words`' words.

    ``analyses`` has one item per position the word takes in
    :func:`analysis.analysed_words` (almost always one; a word mixing digits
    and letters takes two), each (surface, stems), or None for a stop word,
    as in a text that is not folded; ``contextual`` tells that one of them is
    a stop word in some texts only, which a folded text decides otherwise.
    """
    table = get_table() if table is None else table
    norm = normalize(word)
    if is_plain(norm):
        pieces = [(norm, word)]
    else:
        pieces = [(piece, word[a:b]) for piece, a, b in split_word(word, 0, len(word))]
    analyses = tuple(None if stopped_as_written(piece, written) else analyze_word(piece, table)
                     for piece, written in pieces)
    return analyses, any(decided_by_context(piece) for piece, _ in pieces)
