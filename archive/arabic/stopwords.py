"""Arabic function words that the search index leaves out.

في, من, على ... make up a tenth of the words of a news article and match
every document, so indexing them only floods results and slows queries.
The list holds normalized forms (على → علي, إلى → الي, التي, أن → ان) and
the frequent forms with و or ف glued on. The analysis drops these words but
keeps their positions, so a quoted phrase still matches words in order.

Content words a reader searches for (قال, يوم, عام, رئيس) are not here,
nor are function words that normalize onto a content word (أمام/إمام →
امام, أم/أمّ → ام, إذن → اذن, آية → ايه, عبر/عبّر). One exception: علي is
overwhelmingly the preposition على in the press (125,000 times in the
corpus), so the name علي is not searchable on its own: "علي صالح" finds
صالح, with علي's position kept free.
"""

__all__ = ["STOPWORDS", "is_stopword"]

_WORDS = """
في من علي الي عن مع ان انه انها انهم لان بان كان كانت يكون تكون كانوا
هذا هذه ذلك تلك هولاء اولايك هنا هناك هنالك الذي التي الذين اللذين اللتين
اللاتي اللواتي ما ماذا لماذا متي اين كيف كم اي هل لا لم لن ليس ليست
قد لقد كما كذلك مثل حتي اذا اذ او ثم بل لكن لكنه لكنها ولكن غير
سوي بين عند عندما لدي حيث حين حينما بينما منذ خلال بعد قبل نحو حول
ضد دون فوق تحت وراء اثناء ضمن وفق وفقا ايضا فقط جدا كل بعض
هو هي هم هن هما انا نحن انت انتم
له لها لهم لهن لنا به بها بهم منه منها منهم عنه عنها عنهم فيه فيها فيهم
عليه عليها عليهم اليه اليها اليهم معه معها بما مما فيما عما كي لكي
و ف ب ل ك يا
وفي ومن وعلي والي وعن ومع وان وانه وانها وكان وكانت وهذا وهذه وذلك
وهو وهي وهم وقد ولقد ولا ولم ولن وما والتي والذي والذين واذا وكما
وحتي وبين وعند وبعد وقبل وحيث وغير ولكنه ولكنها وليس فان فقد فلا فلم
فما فهو فهي وفيما وايضا وكل وبعض
"""

#: The normalized stop words (a frozenset for fast membership tests).
STOPWORDS = frozenset(_WORDS.split())


def is_stopword(word: str) -> bool:
    """Tell whether the normalized ``word`` is a stop word."""
    return word in STOPWORDS
