"""What a reader types, read generously.

Words are all required; ``"an exact phrase"``; ``OR`` (or ``أو``, or ``|``)
between alternatives; ``-word`` or ``NOT word`` to exclude; parentheses to
group. Anything malformed — an unbalanced quote or parenthesis, a lone
operator, punctuation, control characters — is read as the nearest sensible
query, never an error. The result is a tree of plain nodes (``Word``,
``Phrase``, ``Not``, ``Group``) holding only normalized words, which each
engine evaluates itself (``archive.search.engine``): no reader input reaches
an engine's own query syntax. ``to_whoosh`` renders the tree in Whoosh's
syntax for the quality bench's reference index, which parses it.

Whatever is typed, the tree an engine compiles is bounded and plain: at most
``MAX_WORDS`` words (every clause holds one, so they bound the clauses too)
and ``MAX_PHRASES`` phrases, parentheses at most ``MAX_DEPTH`` deep, and a
``Not`` never holds a ``Not`` (نفي النفي إثبات: ``-(-word)`` requires the word).
What had to be changed to get there is said in ``notes``.
"""
import re
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.arabic.normalize import normalize
from archive.arabic.stopwords import is_stopword

MAX_QUERY_CHARS = 1000
MAX_WORDS = 32
MAX_PHRASES = 8  # a phrase costs a positional search per field; more are read as words
MAX_DEPTH = 8  # parentheses nested deeper are dropped: the reader recurses once per level

OR_WORDS = {"OR", "أو", "او", "|"}
NOT_WORDS = {"NOT"}
NEGATIONS = {"-", *NOT_WORDS}
_LEXEMES = re.compile(r'"|\(|\)|\||-(?=\S)|[^\s"()|]+')
_WORD_PIECES = re.compile(r"\w+")


@dataclass
class Word:
    text: str

    def render(self):
        return self.text

    def words(self):
        return [self.text]


@dataclass
class Phrase:
    words_: list

    def render(self):
        return '"' + " ".join(self.words_) + '"'

    def words(self):
        return list(self.words_)


@dataclass
class Not:
    item: object

    def render(self):
        return "NOT " + self.item.render()

    def words(self):
        return []


@dataclass
class Group:
    """Items joined by OR (``Group(items, " OR ")``) or all required (``Group(items, " ")``)."""

    items: list
    joiner: str = " "

    def render(self):
        return "(" + self.joiner.join(item.render() for item in self.items) + ")"

    def words(self):
        return [word for item in self.items for word in item.words()]


@dataclass
class ParsedQuery:
    """The reader's query as a tree, with notes on what was changed in reading it."""

    clauses: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def words(self):
        """The words that must or may match: what the highlighter marks."""
        return [word for clause in self.clauses for word in clause.words()]

    @property
    def searchable(self):
        return any(not is_stopword(word) for word in self.words)

    def to_whoosh(self):
        return " ".join(clause.render() for clause in self.clauses)


def clean_words(text):
    """Normalized words of ``text``: letters and digits only, so nothing is Whoosh syntax."""
    return _WORD_PIECES.findall(normalize(text).replace("_", " "))


DEEP_NOTE = format_lazy(_("الأقواس متداخلة أكثر من {} مستويات، فأُهملت الأقواس الأعمق وقُرئ ما بينها مع ما حولها."),
                        MAX_DEPTH)
DOUBLE_NEGATION_NOTE = _("نفيُ النفي إثبات: كل نفيين متتاليين في الاستعلام يلغي أحدهما الآخر.")
PHRASES_NOTE = format_lazy(_("بُحث عن أول {} عبارات بين علامتي تنصيص كعبارات، وعن كلمات ما بعدها مفردةً."), MAX_PHRASES)


class _Reader:
    def __init__(self, lexemes):
        self.lexemes = lexemes
        self.at = 0
        self.word_budget = MAX_WORDS
        self.phrase_budget = MAX_PHRASES
        self.notes = []

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def peek(self):
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def take(self):
        lexeme = self.peek()
        self.at += 1
        return lexeme

    def clauses(self, closing=None):
        """Clauses until ``closing`` (or the end); OR binds its neighbours."""
        items = []
        while self.peek() is not None and self.peek() != closing:
            item = self.alternatives()
            if item is not None:
                items.append(item)
        if closing and self.peek() == closing:
            self.take()
        return items

    def alternatives(self):
        first = self.unary()
        options = [first] if first is not None else []
        while self.peek() in OR_WORDS:
            self.take()
            following = self.unary()
            if following is not None:
                options.append(following)
        if len(options) > 1:
            return Group(options, " OR ")
        return options[0] if options else None

    def unary(self):
        """Any run of ``-`` and ``NOT``, read in a loop (no recursion): an even count cancels out."""
        negations = 0
        while self.peek() in NEGATIONS:
            self.take()
            negations += 1
        item = self.atom()
        if negations and isinstance(item, Not):  # -(-word): the group was itself a negation
            item, negations = item.item, negations + 1
        if item is None:
            return None
        if negations > 1:
            self.note(str(DOUBLE_NEGATION_NOTE))
        return Not(item) if negations % 2 else item

    def atom(self):
        lexeme = self.take()
        if lexeme is None or lexeme in OR_WORDS or lexeme == ")":
            return None
        if lexeme == '"':
            return self.phrase()
        if lexeme == "(":
            items = self.clauses(closing=")")
            return Group(items) if len(items) > 1 else (items[0] if items else None)
        return _all_of(self.spend(clean_words(lexeme)))

    def phrase(self):
        words = []
        while self.peek() not in {None, '"'}:
            words.extend(clean_words(self.take()))
        self.take()  # the closing quote, if the reader typed one
        words = self.spend(words)
        if len(words) > 1 and self.phrase_budget:
            self.phrase_budget -= 1
            return Phrase(words)
        if len(words) > 1:
            self.note(str(PHRASES_NOTE))
        return _all_of(words)

    def spend(self, words):
        kept = words[: self.word_budget]
        self.word_budget -= len(kept)
        return kept


def _all_of(words):
    """Words that are all required: one typed word can hold several (``U.S.``, ``بـ20``)."""
    if len(words) > 1:
        return Group([Word(word) for word in words])
    return Word(words[0]) if words else None


def _flatten_deep(lexemes):
    """``lexemes`` without parentheses nested deeper than ``MAX_DEPTH``: their words join the level above.

    The reader recurses once per level, so this bounds its stack. Quoted
    parentheses are not counted: the phrase reader ignores them.
    """
    kept, depth, quoted = [], 0, False
    for lexeme in lexemes:
        if lexeme == '"':
            quoted = not quoted
        elif lexeme == "(" and not quoted:
            depth += 1
            if depth > MAX_DEPTH:
                continue
        elif lexeme == ")" and not quoted and depth:
            depth -= 1
            if depth >= MAX_DEPTH:
                continue
        kept.append(lexeme)
    return kept


def parse_query(text):
    """Read ``text`` as a query; ``notes`` says in Arabic what had to be dropped."""
    notes = []
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(gettext("الاستعلام طويل جدًا، فبُحث عن أول %(count)s حرف منه فقط.") % {"count": MAX_QUERY_CHARS})
    lexemes = _LEXEMES.findall(text)
    shallow = _flatten_deep(lexemes)
    if len(shallow) < len(lexemes):
        notes.append(str(DEEP_NOTE))
    reader = _Reader(shallow)
    clauses = reader.clauses()
    notes.extend(reader.notes)
    if reader.word_budget <= 0:
        notes.append(gettext("بُحث عن أول %(count)s كلمة من الاستعلام فقط.") % {"count": MAX_WORDS})
    if clauses and not any(clause.words() for clause in clauses):
        notes.append(gettext("لا يمكن البحث بكلمات مستبعدة وحدها؛ أضف كلمة تبحث عنها."))
        clauses = []
    return ParsedQuery(clauses=clauses, notes=notes)
