"""Visual shaping of Arabic for renderers that cannot shape it themselves.

Terminals and Pillow's basic layout draw code points one by one, left to
right: Arabic comes out as isolated letters in reverse order. Reshaping
into presentation forms (arabic_reshaper) and reordering for display
(python-bidi) fixes that. Browsers shape Arabic themselves, and so does
matplotlib since 3.11 (libraqm; see archive/pages/timeline.py): shaping twice
reverses the text again. The shaped output has lost its diacritics and
real letters: never send it to a browser and never index it.
"""

import arabic_reshaper
from bidi.algorithm import get_display

__all__ = ["shape_for_display"]


def shape_for_display(text: str) -> str:
    """Return ``text`` reshaped and reordered for a left-to-right display.

    Lines are shaped one by one, so multi-line text keeps its line order.
    """
    return "\n".join(get_display(arabic_reshaper.reshape(line))
                     for line in text.split("\n"))
