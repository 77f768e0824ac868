"""The Rich-free line writer used by quick screens."""
from __future__ import annotations

import io

from hormonecli.render.lines import Lines, cells, clean


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def write(*parts, width=30, indent=0, hang=None, file=None, **kw) -> str:
    buf = file or io.StringIO()
    Lines(file=buf, width=width, **kw).line(*parts, indent=indent, hang=hang)
    return buf.getvalue()


def test_wraps_with_a_hanging_indent_and_never_exceeds_the_width():
    text = "one two three four five six seven eight nine ten eleven twelve"
    out = write(text, width=20, indent=2, hang=4).splitlines()
    assert out[0].startswith("  one") and all(row.startswith("    ") for row in out[1:])
    assert max(len(row) for row in out) <= 20
    assert " ".join(" ".join(out).split()) == text


def test_long_words_are_folded_not_cut():
    word = "x" * 50
    out = write(word, width=20).splitlines()
    assert "".join(out) == word and max(len(r) for r in out) <= 20


def test_runs_of_spaces_are_kept_except_at_a_break():
    assert write("a   b", width=30) == "a   b\n"
    assert write(("          list", "dim"), width=30) == "          list\n"


def test_no_escape_codes_unless_styled_output_is_wanted(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b" not in write(("bold", "bold red"))
    tty = _Tty()
    write(("bold", "bold red"), file=tty)
    assert "\x1b[1;31m" in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    tty = _Tty()
    write(("bold", "bold red"), file=tty)
    assert "\x1b[1m" in tty.getvalue() and "31" not in tty.getvalue()  # styles stay, colours go
    tty = _Tty()
    write(("bold", "bold red"), file=tty, plain=True)
    assert "\x1b" not in tty.getvalue()


def test_control_characters_are_made_visible():
    assert clean("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07"
    assert "\x1b" not in write("a\x1b[2Jb")


def test_wide_characters_count_two_cells():
    assert cells("漢字") == 4 and cells("abc") == 3 and cells("β") == 1
