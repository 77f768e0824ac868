"""Text made safe for a terminal: the one cleaner every printed string passes through.

Its own tiny module because every command that prints user or content text needs it,
and the quick commands should not pay for anything else.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that can make
# text read differently from what it holds (U+202A-202E, U+2066-2069).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(mt: re.Match) -> str:
    code = ord(mt.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Control characters (ESC and friends) made visible, so text can never act on the terminal."""
    if text.isascii() and text.isprintable():  # most text: one fast check in C
        return text
    return _CONTROL.sub(_visible, text)


def shorten(text: str, limit: int = 60) -> str:
    """Text for one line of a message: cleaned, whitespace collapsed, at most `limit` characters."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)] + "…"


# What json.dumps(ensure_ascii=False) leaves raw that a terminal would act on or reorder.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_visible(document: str) -> str:
    """A JSON document with DEL, C1 and bidirectional controls written as \\u escapes: the same
    data for a program, and nothing in it can act on a terminal it is printed to."""
    return _JSON_RAW.sub(lambda mt: f"\\u{ord(mt.group(0)):04x}", document)
