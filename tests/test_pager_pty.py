"""The interactive pager in a real pseudo-terminal at 80x24."""
from __future__ import annotations

import os
import sys

import pexpect

from conftest import strip_ansi

FOOTER = "hpg-axis · {level} · page {n}/{total}"


def spawn(*args: str, env_extra: dict | None = None) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", **(env_extra or {})}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    child = pexpect.spawn(sys.executable, ["-m", "hormonecli", *args], env=env, dimensions=(24, 80),
                          encoding="utf-8", timeout=20)
    return child


def first_link_footer(slug: str, level: str, number: int) -> str:
    """The footer the pager shows after following link 1 of a page (computed from the content)."""
    from hormonecli.courseware.content import Content
    from hormonecli.render.page import PageView
    from hormonecli.render.text import Style

    lib = Content().library
    mod = lib.module(slug)
    view = PageView(lib, mod, mod.level(level).pages[number - 1], Style())
    target_slug, _, page_id = view.links[0].partition("/")
    target = lib.module(target_slug)
    page = target.page(page_id) if page_id else target.level(level).pages[0]
    return f"{target_slug} · {page.level} · page {page.number}/{len(target.level(page.level).pages)}"


def screen_has(child: pexpect.spawn, text: str) -> None:
    child.expect_exact(text)


def test_reading_following_switching_quitting_and_resuming():
    child = spawn("learn", "hpg")
    screen_has(child, "A chain of command from brain to gonads")
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send("n")
    screen_has(child, FOOTER.format(level="fundamentals", n=2, total=5))
    child.send("1")  # follow the first numbered link on page 2, wherever it goes
    screen_has(child, first_link_footer("hpg-axis", "fundamentals", 2))
    child.send("b")
    screen_has(child, FOOTER.format(level="fundamentals", n=2, total=5))
    child.send("l")
    screen_has(child, "Switch level")
    child.send("2")
    screen_has(child, FOOTER.format(level="intermediate", n=1, total=5))
    child.send("t")
    screen_has(child, "contents")
    child.send("3")
    screen_has(child, FOOTER.format(level="intermediate", n=3, total=5))
    child.send("q")
    child.expect_exact("Left off at hpg-axis · intermediate · page 3/5")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    again = spawn("learn", "hpg-axis")
    screen_has(again, FOOTER.format(level="intermediate", n=3, total=5))
    again.send("q")
    again.expect(pexpect.EOF)


def test_long_pages_scroll_and_nothing_is_cut():
    child = spawn("learn", "hpg", "--level", "academic", "--page", "testosterone-therapy")
    screen_has(child, "· 0%  ")
    child.send("G")
    screen_has(child, "· 100%")
    child.send("g")
    screen_has(child, "· 0%  ")
    child.send(" ")  # space scrolls a screen before it turns the page
    child.expect(r"· [1-9]\d?%")
    child.send("q")
    child.expect(pexpect.EOF)


def test_bad_keys_and_missing_links_explain_themselves():
    child = spawn("learn", "hpg", "--level", "fundamentals", "--page", "1")
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send("9")
    screen_has(child, "no link 9 on this page")
    child.send("z")
    screen_has(child, "press ? for help")
    child.send("?")
    screen_has(child, "switch level")
    child.send("x")
    child.send("p")
    screen_has(child, "first page of fundamentals")
    child.send("q")
    child.expect(pexpect.EOF)


def test_ctrl_c_exits_130_and_restores_the_terminal():
    child = spawn("learn", "hpg")
    screen_has(child, "page 1/5")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    tail = child.before or ""
    assert "\x1b[?1049l" in tail and "\x1b[?25h" in tail  # left the alternate screen, cursor shown
    assert "Traceback" not in strip_ansi(tail)


def test_a_forty_column_terminal_keeps_the_page_number_and_help():
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "hormonecli", "learn", "dhea", "--level", "intermediate"],
                          env=env, dimensions=(20, 40), encoding="utf-8", timeout=20)
    child.expect_exact("dhea-cortisol int 1/5")
    child.expect_exact("? help")
    child.send("n")
    child.expect_exact("dhea-cortisol int 2/5")
    child.send("q")
    child.expect(pexpect.EOF)
