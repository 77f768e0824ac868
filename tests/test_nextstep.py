"""A next step everywhere: the path from the learner's state (pure), and where it shows (the welcome,
the end of a quiz, the end of a level); quizzes that draw from the levels the learner has reached."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURE_CONTENT, invoke, strip_ansi
from hormonecli import nextstep as ns
from hormonecli.render.commands import Commands
from hormonecli.render.nextstep import next_line


@pytest.fixture(scope="module")
def modules():
    from hormonecli.courseware.content import summarise
    from hormonecli.courseware.library import load

    lib, _ = load([FIXTURE_CONTENT])
    return [summarise(mod) for mod in lib.modules]


ALPHA_FUND = {"overview", "levels-with-age", "summary"}


def line(modules, state) -> str:
    return next_line(ns.next_step(modules, state), Commands())


def test_a_new_learner_starts_at_the_first_page_of_the_first_module(modules):
    assert line(modules, ns.State()) == "hormonecli learn alpha-axis   (start here · fundamentals 1/3)"


def test_reviews_due_come_first(modules):
    state = ns.State(positions={"alpha-axis": ("fundamentals", "overview")}, due=2)
    assert line(modules, state) == "hormonecli review   (2 questions due)"


def test_the_path_through_a_module(modules):
    # reading: where the learner left off, then the pages not read yet
    state = ns.State(read={("alpha-axis", "fundamentals"): {"overview"}},
                     positions={"alpha-axis": ("fundamentals", "levels-with-age")})
    assert line(modules, state) == "hormonecli learn alpha-axis   (where you left off · fundamentals 2/3)"
    state = ns.State(read={("alpha-axis", "fundamentals"): {"overview", "levels-with-age"}},
                     positions={"alpha-axis": ("fundamentals", "levels-with-age")})
    assert line(modules, state) == "hormonecli learn alpha-axis --page summary   (not read yet · fundamentals 3/3)"
    # every page read: the level's quiz
    state = ns.State(read={("alpha-axis", "fundamentals"): ALPHA_FUND},
                     positions={"alpha-axis": ("fundamentals", "summary")})
    assert line(modules, state) == ("hormonecli quiz alpha-axis --level fundamentals   "
                                    "(you have read the fundamentals; check yourself, 3 questions)")
    # quiz taken (at least half its questions answered): the next level
    state = ns.State(read=state.read, positions=state.positions, met={("alpha-axis", "fundamentals"): 2})
    assert line(modules, state) == "hormonecli learn alpha-axis --level intermediate   (go on to intermediate, 3 pages)"


def test_a_finished_module_leads_to_the_module_it_links_to_most(modules):
    read = {("alpha-axis", lv): {p for p, _ in pages} for lv, pages in modules[0]["levels"].items()}
    met = {("alpha-axis", lv): 9 for lv in modules[0]["levels"]}
    state = ns.State(read=read, met=met, positions={"alpha-axis": ("academic", "deep-three")})
    step = ns.next_step(modules, state)
    assert (step.kind, step.module, step.via) == ("module", "beta-axis", "alpha-axis")
    assert next_line(step, Commands()).startswith("hormonecli learn beta-axis   (related: alpha-axis links to it most")


def test_the_end_of_a_level_offers_its_quiz_the_next_level_and_a_related_module(modules):
    state = ns.State(read={("alpha-axis", "fundamentals"): {"overview", "summary"}})
    end = ns.level_end(modules, state, "alpha-axis", "fundamentals")
    assert (end.read, end.total) == (2, 3)
    assert [n for n, _, _ in end.unread] == [2]
    assert [(s.kind, s.module, s.level) for s in end.steps] == [
        ("quiz", "alpha-axis", "fundamentals"), ("level", "alpha-axis", "intermediate"),
        ("module", "beta-axis", "fundamentals")]
    last = ns.level_end(modules, state, "alpha-axis", "academic")
    assert [s.kind for s in last.steps] == ["quiz", "module"]


def test_quizzes_draw_from_the_levels_reached(modules):
    assert ns.reached_levels(modules, ns.State(), "alpha-axis") == ["fundamentals"]
    state = ns.State(read={("alpha-axis", "academic"): {"deep-one"}})
    assert ns.reached_levels(modules, state, "alpha-axis") == ["fundamentals", "academic"]
    assert ns.learner_level(ns.State()) == "fundamentals"
    assert ns.learner_level(state) == "academic"


# -- through the CLI ---------------------------------------------------------------------

def _read(module: str, level: str, *pages: str) -> None:
    from hormonecli.store import default_store

    store = default_store()
    for page in pages:
        store.set_position(module, level, page)
        store.add_reading(module, level, page, 120.0, read=True)
    store.close()


def _levels(runner, *args) -> list[str]:
    out = invoke(runner, "quiz", *args, "--count", "50", "--json", input="")
    assert out.exit_code == 0, out.stderr
    return sorted({q["level"] for q in json.loads(out.stdout)["questions"]})


def test_a_new_learners_quiz_is_fundamentals_and_level_overrides(fixture_content, runner):
    assert _levels(runner, "alpha") == ["fundamentals"]
    assert _levels(runner, "alpha", "--level", "all") == ["academic", "fundamentals", "intermediate"]
    assert _levels(runner, "alpha", "--level", "academic") == ["academic"]
    assert _levels(runner, "alpha", "--level", "int") == ["intermediate"]
    text = strip_ansi(invoke(runner, "quiz", "alpha", input="").stdout)
    assert "From fundamentals (the level you have reached); --level all mixes every level." in text


def test_reading_a_level_brings_its_questions_into_the_quiz(fixture_content, runner):
    _read("alpha-axis", "intermediate", "mid-one")
    assert _levels(runner, "alpha") == ["fundamentals", "intermediate"]
    assert _levels(runner, "all") == ["fundamentals", "intermediate"]  # alpha's intermediate; beta has none


def test_quiz_without_a_module_continues_the_module_being_read(fixture_content, runner):
    _read("beta-axis", "fundamentals", "start")
    out = invoke(runner, "quiz", "--json", input="")
    assert {q["module"] for q in json.loads(out.stdout)["questions"]} == {"beta-axis"}


def test_the_welcome_and_the_end_of_a_quiz_suggest_the_same_next_step(fixture_content, runner):
    _read("alpha-axis", "fundamentals", *sorted(ALPHA_FUND))
    quiz = ("Next: You have read the fundamentals; check yourself, 3 questions\n"
            "      hormonecli quiz alpha-axis --level fundamentals\n")
    assert quiz in strip_ansi(invoke(runner).stdout)
    assert quiz in strip_ansi(invoke(runner, "quiz", "alpha", "--type", "single", input="").stdout)
    # two of the three fundamentals questions answered: the quiz counts as taken
    from hormonecli.store import default_store

    store = default_store()
    store.record_answer("alpha-f02", "alpha-axis", "fundamentals", True, "{}")
    store.record_answer("alpha-f03", "alpha-axis", "fundamentals", False, "{}")
    store.close()
    onward = "Next: Go on to intermediate, 3 pages\n      hormonecli learn alpha-axis --level intermediate\n"
    assert onward in strip_ansi(invoke(runner).stdout)
    data = json.loads(invoke(runner, "quiz", "alpha", "--type", "single", "--json", input="").stdout)
    assert data["next"] == {"kind": "level", "command": "hormonecli learn alpha-axis --level intermediate",
                            "reason": "go on to intermediate, 3 pages"}
