"""An automated accessibility check (axe-core, bundled by axe-playwright-python: nothing is fetched)."""
from axe_playwright_python.sync_playwright import Axe

# axe-core rules about labels, landmarks, language and direction, and contrast.
CHECKED_RULES = {
    "color-contrast", "html-has-lang", "html-lang-valid", "valid-lang", "document-title",
    "label", "select-name", "button-name", "link-name", "image-alt", "svg-img-alt", "role-img-alt",
    "aria-allowed-attr", "aria-prohibited-attr", "aria-valid-attr-value", "aria-required-attr",
    "landmark-one-main", "landmark-unique", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
    "region", "bypass", "heading-order", "page-has-heading-one", "list", "listitem",
    "th-has-data-cells", "td-headers-attr", "scope-attr-valid", "duplicate-id-aria",
}


def assert_accessible(page):
    """No serious or critical violation of the rules above, and the page is Arabic, right to left."""
    assert page.eval_on_selector("html", "e => [e.lang, e.dir]") == ["ar", "rtl"]
    results = Axe().run(page)
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"} and violation["id"] in CHECKED_RULES
    ]
    assert serious == []
