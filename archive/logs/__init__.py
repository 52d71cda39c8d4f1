"""The archive's logs: where they go (:mod:`.config`), the request id on every line
(:mod:`.request_id`), a log file several workers can share (:mod:`.handlers`).

Nothing here imports Django's settings: ``archive/settings.py`` builds
``LOGGING`` from the environment with :func:`.config.logging_config`.
"""
