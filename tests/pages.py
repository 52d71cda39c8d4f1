"""Reading the archive's pages as a browser would: the parsed HTML, and the admin change form's fields."""
from bs4 import BeautifulSoup


def parse(response):
    return BeautifulSoup(response.content.decode("utf-8"), "html.parser")


def change_url(article):
    return f"/admin/archive/article/{article.pk}/change/"


def opened_form(client, article):
    """The admin change form's fields as a browser would post them unchanged."""
    return form_fields(parse(client.get(change_url(article))))


def form_fields(page):
    data = {}
    for field in page.select("form#article_form :is(input, textarea, select)[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = [option["value"] for option in field.select("option[selected]")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in {"submit", "file"}:
            data[name] = field.get("value", "")
    return data
