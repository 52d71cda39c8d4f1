"""An editor's own browser context, logged in to the admin, and screenshots of what it shows at two widths.

Set SCREENSHOT_DIR to keep the screenshots (each page at 1280 and 420 pixels wide).
"""
import os
from pathlib import Path

WIDTHS = (1280, 420)
PASSWORD = "s3cret-pass"


def shoot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(chromium, live_server, username):
    """A fresh context (cookies of its own, so two editors are two sessions) with ``username`` logged in."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return context, page
