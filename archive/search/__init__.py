"""The archive's search, from the reader's request down to the engine's door.

A request walks down: :mod:`.views` (the page and its downloads) →
:mod:`.form` (the parameters, read leniently) → :mod:`.archive_search` (the
one search: :mod:`.syntax` parses the words, :mod:`.date_words` reads dates
typed among them) → :mod:`.engine` (the only code that talks to haystack,
Whoosh or PostgreSQL search) → :mod:`archive.arabic` (the analysis). Beside
it: :mod:`.links` (links that change one parameter), :mod:`.tag_names` (tags
found by what is typed: suggestions, names in a query), :mod:`.spelling`
("did you mean"), :mod:`.related` (articles alike), :mod:`.serialize` (results
as JSON) and :mod:`.staff` (the admin's search box).

:mod:`.analyzer` and :mod:`.backend` hold no code: they are the paths older
Whoosh indexes pickled their schema's classes under, kept so those indexes
still open.
"""
