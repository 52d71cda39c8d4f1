"""WSGI entry point for serving the archive behind a real web server.

Each worker process imports this module before it serves anything, and gets
ready there (:mod:`archive.serving.warm_up`).
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

from archive.serving.warm_up import warm_up  # noqa: E402 (needs the settings and the apps loaded above)

warm_up()
