"""HTML assertions through a parser (selectolax), not by matching strings in the markup."""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode


def parse(response: Any) -> LexborHTMLParser:
    """The parsed document (or fragment) of a response or of a string of HTML."""
    return LexborHTMLParser(response if isinstance(response, str) else response.text)


def one(doc: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    """The single element the selector matches; fails the test when there are none or several."""
    found = doc.css(selector)
    assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
    return found[0]


def texts(doc: LexborHTMLParser | LexborNode, selector: str) -> list[str]:
    """The whitespace-folded text of every element the selector matches."""
    return [" ".join(node.text().split()) for node in doc.css(selector)]


def hrefs(doc: LexborHTMLParser) -> set[str]:
    return {str(node.attributes.get("href")) for node in doc.css("a[href]")}


def control(doc: LexborHTMLParser, name: str) -> LexborNode:
    """The form control posted under `name`."""
    return one(doc, f'[name="{name}"]')


def value_of(doc: LexborHTMLParser, name: str) -> str:
    """What the control shows: an input's value, a textarea's text or the selected option."""
    node = control(doc, name)
    if node.tag == "textarea":
        return node.text()
    if node.tag == "select":
        chosen = node.css_first("option[selected]")
        return str(chosen.attributes.get("value")) if chosen is not None else ""
    return str(node.attributes.get("value") or "")


def error_beside(doc: LexborHTMLParser, name: str) -> str:
    """The message the control points to with aria-describedby ("" when it is valid)."""
    node = control(doc, name)
    described = node.attributes.get("aria-describedby")
    if not described:
        return ""
    assert node.attributes.get("aria-invalid") == "true"
    return " ".join(one(doc, f"#{described}").text().split())
