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


def texts(doc: LexborHTMLParser | LexborNode, selector: str, separator: str = "") -> list[str]:
    """The whitespace-folded text of every element the selector matches (`separator` between
    its pieces: " " keeps words around a <br> apart)."""
    return [" ".join(node.text(separator=separator).split()) for node in doc.css(selector)]


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


def pairs(
    doc: LexborHTMLParser | LexborNode, selector: str, key: str = "dt", value: str = "dd"
) -> dict[str, str]:
    """Label → value for every element the selector matches (a <dl>'s rows, a card's KPIs):
    the folded text of its `key` child and of its `value` child."""
    out = {}
    for node in doc.css(selector):
        label, shown = node.css_first(key), node.css_first(value)
        assert label is not None and shown is not None, f"{selector!r}: no {key!r} or {value!r}"
        out[" ".join(label.text().split())] = " ".join(shown.text().split())
    return out


def posted(form: LexborHTMLParser | LexborNode) -> dict[str, str]:
    """What a browser would post for the form as shown: each named input's value (a checkbox
    or radio only when checked), a textarea's text, a select's chosen option (else its first);
    buttons and file inputs are left out."""
    out: dict[str, str] = {}
    for node in form.css("input[name], textarea[name], select[name]"):
        name = str(node.attributes["name"])
        if node.tag == "textarea":
            out[name] = node.text()
        elif node.tag == "select":
            chosen = node.css_first("option[selected]") or node.css_first("option")
            out[name] = str(chosen.attributes.get("value") or "") if chosen is not None else ""
        else:
            kind = str(node.attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in node.attributes:
                continue
            out[name] = str(node.attributes.get("value") or ("on" if kind == "checkbox" else ""))
    return out
