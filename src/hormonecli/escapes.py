"""Text made safe for a terminal: the one cleaner every printed string passes through.

Its own tiny module because every command that prints user or content text needs it,
and the quick commands should not pay for anything else.
"""
from __future__ import annotations

# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that can make
# text read differently from what it holds (U+202A-202E, U+2066-2069). A translation
# table, not a regular expression: compiling a pattern of Unicode ranges costs every
# command a fraction of a millisecond before it has printed anything.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")
            for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *_BIDI)}


def clean(text: str) -> str:
    """Control characters (ESC and friends) made visible, so text can never act on the terminal."""
    if text.isascii() and text.isprintable():  # most text: one fast check in C
        return text
    return text.translate(_VISIBLE)


def shorten(text: str, limit: int = 60) -> str:
    """Text for one line of a message: cleaned, whitespace collapsed, at most `limit` characters."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)] + "…"


# What json.dumps(ensure_ascii=False) leaves raw that a terminal would act on or reorder.
_JSON_RAW = {c: f"\\u{c:04x}" for c in (*range(0x7F, 0xA0), *_BIDI)}


def json_visible(document: str) -> str:
    """A JSON document with DEL, C1 and bidirectional controls written as \\u escapes: the same
    data for a program, and nothing in it can act on a terminal it is printed to."""
    return document.translate(_JSON_RAW)
