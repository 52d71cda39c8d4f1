"""What a public deployment needs beyond the pages: a strong secret key (:mod:`.secret_key`), a
Content-Security-Policy (:mod:`.csp`), the admin's login lockout page (:mod:`.lockout`), and
spreadsheet-safe CSV cells (:mod:`.spreadsheet`).

``archive/settings.py`` reads the environment; the switches are listed in the
README's "Run it for real".
"""
