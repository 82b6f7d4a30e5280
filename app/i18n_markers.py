"""Marker for strings translated later, at render time (extracted by Babel as N_)."""


def N_(message: str) -> str:
    return message
