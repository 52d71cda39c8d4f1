"""The archive's JSON API: strict parameters, errors a program can read, a published contract.

``views`` answers ``/api/search/``, ``/api/suggest/`` and ``/api/openapi.json``;
``params`` reads a request's parameters or refuses them with an ``ApiError``;
``openapi`` describes all of it as OpenAPI 3.1. The pages read the same
parameters leniently (``archive.search.form.SearchForm``, with notes in Arabic):
only a program gets a 400.
"""
