"""Text made safe for a terminal: control characters become visible, never act.

Its own tiny module because every command that prints user or content text needs it,
and the quick commands should not pay for anything else.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Control characters (ESC and friends) made visible, so text can never act on the terminal."""
    return _CONTROL.sub(lambda mt: f"\\x{ord(mt.group(0)):02x}", text)
