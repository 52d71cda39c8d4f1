"""Arabic function words that the search index leaves out, decided on the word as written.

في, من, على ... make up a tenth of the words of a news article and match
every document, so indexing them only floods results and slows queries.
The analysis drops these words but keeps their positions, so a quoted
phrase still matches words in order.

The decision must be made before normalization folds hamza, ى and ة: after
it, آلية (mechanism) is إليه, the name علي is the preposition على, آن
(time) is أن, فئة (category) is فيه, and a list of folded stop words would
make those content words unfindable. So the list holds words as the press
writes them (``WRITTEN``: على, إلى, أن, and the hamza-less الى, ان the
press also prints), and :data:`LOOKALIKES` lists the content words that
fold onto one of them. A folded form that no look-alike shares (في, من,
التي) is a stop word however it is written (:data:`STOPWORDS`); a shared
one (:data:`AMBIGUOUS`: علي, الي, اليه, ان, فيه ...) only when written as
the function word.

A query reaches the analysis already folded (``archive.search.syntax``
normalizes every word), so there the writer's distinction is gone: a query
word that is ambiguous is searched, and finds only the look-alike, since
the index never holds the function word (see :func:`stop_test`).

Content words a reader searches for (قال, يوم, عام, رئيس) are not here,
nor function words that fold onto a content word as often as not (أمام/إمام
→ امام, أم → ام, إذن → اذن, آية → ايه, فإن and the name Van → فان).
"""

from .normalize import DIACRITICS, JOINERS, normalize

__all__ = ["WRITTEN", "LOOKALIKES", "AMBIGUOUS", "STOPWORDS", "is_stopword", "as_written", "decided_by_context",
           "is_folded", "stopped_as_written", "stop_test"]

_WORDS = """
في فى من على الى إلى عن مع أن إن ان أنه إنه انه أنها إنها انها أنهم إنهم انهم
لأن لان بأن كان كأن كانت يكون تكون كانوا
هذا هذه هذة ذلك تلك هؤلاء أولئك هنا هناك هنالك الذي الذى التي التى الذين
اللذين اللتين اللاتي اللواتي ما ماذا لماذا متى أين كيف كم أي أى اي هل لا لم لن
ليس ليست قد لقد كما كذلك مثل حتى حتي إذا اذا إذ لكن لكنه لكنها ولكن غير
سوى بين عند عندما لدى حيث حين حينما بينما منذ خلال بعد قبل نحو حول
ضد دون فوق تحت وراء أثناء اثناء ضمن وفق وفقا أيضا ايضا فقط جدا كل بعض
هو هي هى هم هن هما أنا نحن أنت أنتم
له لها لهم لهن لنا به بها بهم منه منها منهم عنه عنها عنهم فيه فيها فيهم
عليه عليها عليهم إليه اليه إليها اليها إليهم معه معها بما مما فيما عما كي لكي
و ف ب ل ك يا
وفي وفى ومن وعلى والى وإلى وعن ومع وأن وإن وان وأنه وإنه وأنها وإنها وكان وكانت
وهذا وهذه وذلك وهو وهي وهم وقد ولقد ولا ولم ولن وما والتي والذي والذين وإذا وكما
وحتى وبين وعند وبعد وقبل وحيث وغير ولكنه ولكنها وليس فإن فأن فقد فلا فلم
فما فهو فهي وفيما وأيضا وكل وبعض
"""

#: Stop words as the press writes them (diacritics and tatweel aside).
WRITTEN = frozenset(_WORDS.split())

#: Content words that fold onto a stop word; each must stay searchable.
#: آلية mechanism, علي the name Ali, آن time, آلي automatic, إلي (إليّ, or
#: إلى as Egyptian papers print it), آنا Anna, آي/إي the letters of CIA and
#: iPhone, فئة category, علية and منة names, لكنة accent, هنأ congratulated,
#: والي governor, وعلي "and Ali". (بان, Ban Ki-moon or "appeared", is the
#: hamza-less بأن too, so the stop list leaves that spelling out.)
LOOKALIKES = frozenset("آلية آليه علي وعلي آن آلي إلي والي آنا آي إي فئة علية منة لكنة هنأ".split())

#: Folded forms shared by a stop word and a look-alike: stopped only as written.
AMBIGUOUS = frozenset(normalize(word) for word in LOOKALIKES) & {normalize(w) for w in WRITTEN}

#: Folded stop words that no content word shares: stopped however written.
STOPWORDS = frozenset(normalize(word) for word in WRITTEN) - AMBIGUOUS

_UNMARK = str.maketrans({char: None for char in DIACRITICS + JOINERS})


def is_stopword(word: str) -> bool:
    """Tell whether the normalized ``word`` is a stop word whatever its spelling."""
    return word in STOPWORDS


def decided_by_context(word: str) -> bool:
    """Tell whether the normalized ``word`` is a stop word in some places only (:func:`stop_test`)."""
    return word in AMBIGUOUS


def as_written(word: str) -> str:
    """The word as its writer spelled it, without diacritics, tatweel or joiners."""
    return word.translate(_UNMARK)


def is_folded(text: str) -> bool:
    """Tell whether ``text`` reads as a query does, already folded (see :func:`stop_test`)."""
    return normalize(text) == text


def stopped_as_written(word: str, written: str) -> bool:
    """Tell whether the normalized ``word``, written ``written`` in a text that is not folded, is a stop word."""
    return word in STOPWORDS or (word in AMBIGUOUS and as_written(written) in WRITTEN)


def stop_test(text: str):
    """Return a test telling whether a token of ``text`` is a stop word.

    A token whose folded form is ambiguous is looked up as written; but
    when ``text`` is already folded (a query), its only word is searched:
    a reader who typed علي alone wants the name, and the index holds no
    other علي. In a longer folded text (a quoted phrase) the function word
    is far the likelier reading (على 124,000 times in the corpus, علي
    1,700), except at the end, where a preposition or particle cannot stand
    (الأمير علي); a form ending in the pronoun ه can (المتفق عليه).

    An article's text is folded already only when it has no hamza, ى, ة,
    diacritic or Arabic punctuation at all: 1,586 of the corpus's 29,978
    titles, 8 of them with an ambiguous word, all read well this way
    but «والي داعش».
    """
    folded = None

    def stopped(token) -> bool:
        nonlocal folded
        if token.text not in AMBIGUOUS:
            return token.text in STOPWORDS
        if folded is None:
            folded = is_folded(text)
        if folded:
            return not _searched_in_query(text, token)
        return stopped_as_written(token.text, text[token.start:token.end])

    return stopped


def _searched_in_query(text: str, token) -> bool:
    """Tell whether an ambiguous word of a folded query is the word itself:
    its only word, or its last when no pronoun ends it."""
    if any(char.isalnum() for char in text[token.end:]):
        return False
    return not token.text.endswith("ه") or not any(char.isalnum() for char in text[:token.start])
