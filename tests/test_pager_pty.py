"""The interactive pager in a real pseudo-terminal at 80x24."""
from __future__ import annotations

import pexpect

from conftest import spawn_pager, strip_ansi

FOOTER = "hpg-axis · {level} · page {n}/{total}"


spawn = spawn_pager


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
    child.send("\x1b[F")  # End
    screen_has(child, "· 100%")
    child.send("\x1b[H")  # Home
    screen_has(child, "· 0%  ")
    child.send("d")  # half a screen, as in less
    child.expect(r"· ([1-9]\d?)%")
    half = int(child.match.group(1))
    child.send(" ")  # space scrolls a screen before it turns the page
    child.expect(r"· ([1-9]\d?)%")
    assert int(child.match.group(1)) > half
    child.send("uu")
    child.expect(r"· (\d+)%")
    child.send("q")
    child.expect(pexpect.EOF)


def test_g_and_G_go_to_the_first_and_last_page_and_a_number_jumps():
    child = spawn("learn", "hpg", "--level", "fundamentals", "--page", "3")
    screen_has(child, FOOTER.format(level="fundamentals", n=3, total=5))
    child.send("G")
    screen_has(child, FOOTER.format(level="fundamentals", n=5, total=5))
    child.send("g")
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send(":4")
    screen_has(child, ":4")
    child.send("\r")
    screen_has(child, FOOTER.format(level="fundamentals", n=4, total=5))
    child.send(":9\r")
    screen_has(child, "no page 9: fundamentals has pages 1-5")
    child.send("b")  # the jump is remembered, as a followed link is
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send("la")  # levels by their initial
    screen_has(child, FOOTER.format(level="academic", n=1, total=4))
    child.send("lf")
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send("q")
    child.expect(pexpect.EOF)


def test_slash_searches_the_module_and_n_N_step_through_the_matches():
    child = spawn("learn", "hpg", "--level", "fundamentals", "--page", "1")
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send("/")
    screen_has(child, "Enter finds")
    child.send("gnrh\r")  # case does not matter
    screen_has(child, "\x1b[7mGnRH")  # the match is marked (reverse video), in its own spelling
    child.expect(r"match 1/(\d+) \(n/N, Esc ends\)")
    total = int(child.match.group(1))
    assert total > 3
    child.send("n")
    screen_has(child, f"match 2/{total}")
    child.send("N")
    screen_has(child, f"match 1/{total}")
    child.send("N")  # before the first: round to the last, which is in another level
    screen_has(child, f"match {total}/{total}")
    child.send("\x1b")  # Esc ends the search; n turns pages again
    screen_has(child, "search ended; n is next page again")
    child.send("/no-such-word-here\r")
    screen_has(child, "'no-such-word-here' is not in hpg-axis")
    child.send("q")
    child.expect(pexpect.EOF)


def test_a_link_to_another_module_ends_the_search():
    child = spawn("learn", "hpg", "--level", "fundamentals", "--page", "1")
    screen_has(child, FOOTER.format(level="fundamentals", n=1, total=5))
    child.send("/gnrh\r")
    screen_has(child, "match 1/")
    target = first_link_footer("hpg-axis", "fundamentals", 1)
    child.send("1")  # the matches were hpg-axis pages: in the other module n turns pages again
    screen_has(child, target)
    child.send("n")
    screen_has(child, target.replace(" · page 1/", " · page 2/"))
    child.send("q")
    child.expect(pexpect.EOF)


def test_the_help_scrolls_on_a_small_terminal_and_lists_the_search_keys():
    child = spawn("learn", "hpg", dimensions=(20, 40))
    child.expect_exact("hpg-axis fun 1/5")
    child.send("?")
    screen_has(child, "Keys")
    screen_has(child, "help 0%")
    child.send("\x1b[F")  # End: the last lines of the help
    screen_has(child, "resumes where you were")
    screen_has(child, "help 100%")
    child.send("x")  # any other key goes back to the page
    child.expect_exact("hpg-axis fun 1/5")
    child.send("q")
    child.expect(pexpect.EOF)


def test_prose_keeps_a_readable_measure_on_a_200_column_terminal():
    child = spawn("learn", "hpg", "--level", "fundamentals", dimensions=(50, 200))
    child.expect_exact("hpg-axis · fundamentals · page 1/5")
    frame = child.before
    child.send("q")
    child.expect(pexpect.EOF)
    body = strip_ansi(frame.rsplit("\x1b[H\x1b[2J", 1)[-1]).split("\r\n")
    assert len(body) > 20
    assert max(len(line.rstrip()) for line in body) <= 100
    assert max(len(line.rstrip()) for line in body) >= 90  # the measure is used, not a narrow column


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
    child = spawn("learn", "dhea", "--level", "intermediate", dimensions=(20, 40))
    child.expect_exact("dhea-cortisol int 1/5")
    child.expect_exact("? help")
    child.send("n")
    child.expect_exact("dhea-cortisol int 2/5")
    child.send("q")
    child.expect(pexpect.EOF)
