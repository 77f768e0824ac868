"""Every JSON document the commands print keeps one contract (docs/json.md): a top-level object
whose first key is "format"; null, never "", for an absent value; and one meaning per key name:
`module` is a module slug, `page` a page id, `command` a command line, `level` a level name."""
from __future__ import annotations

import json
import re

import pytest

from conftest import invoke

SLUGS = {"alpha-axis", "beta-axis"}
LEVELS = {"fundamentals", "intermediate", "academic"}
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def walk(value, path=""):
    """(key, value, where) for every key of every object in a document."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v, f"{path}.{k}"
            yield from walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]")


def check(doc: dict) -> None:
    assert isinstance(doc, dict) and next(iter(doc)) == "format" and doc["format"] == 1
    for key, value, where in walk(doc):
        assert value != "", f"{where} is an empty string; absent values are null"
        if value is None:
            continue
        if key in ("module", "page_module"):
            assert value in SLUGS, f"{where}={value!r} is not a module slug"
        elif key == "page":
            assert isinstance(value, str) and ID.match(value), f"{where}={value!r} is not a page id"
        elif key == "command":
            assert isinstance(value, str) and value.startswith("hormonecli "), f"{where}={value!r}"
        elif key == "level":
            assert value in LEVELS, f"{where}={value!r}"
        elif key in ("next_due",):
            assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", value), f"{where}={value!r}"


def run_json(runner, *args, input=None, code=0):
    out = invoke(runner, *args, input=input)
    assert out.exit_code == code, out.stderr
    doc = json.loads(out.stdout)
    check(doc)
    return doc


@pytest.fixture(autouse=True)
def _fixture(fixture_content):
    return fixture_content


@pytest.mark.parametrize("args", [
    ["list", "--json"],
    ["search", "gland", "--json"],
    ["search", "alpha", "--kind", "question", "--json"],
    ["search", "glnad", "--json"],
    ["define", "gland", "--json"],
    ["progress", "--json"],
    ["review", "--json"],
    ["validate", "--format", "json"],
    ["validate", "--rules", "--format", "json"],
    ["claims", "--json"],
    ["claims", "does a hard sprint spike beta?", "--json"],
    ["search", "beta", "--kind", "claim", "--json"],
])
def test_documents_keep_the_contract_on_a_fresh_state(runner, args):
    run_json(runner, *args)


def test_documents_keep_the_contract_with_answers_and_reviews(runner):
    args = ("quiz", "alpha", "--level", "all", "--count", "6", "--seed", "2", "--json")
    first = [q["type"] for q in run_json(runner, *args, input="")["questions"][:3]]
    answers = "".join({"multiple": "a b", "order": "a b c", "match": "1a 2b 3c", "numeric": "40"}.get(t, "a") + "\n"
                      for t in first)
    quiz = run_json(runner, *args, input=answers)
    assert quiz["answered"] == 3 and [q["response"] is None for q in quiz["questions"]].count(True) == 3
    assert quiz["save_error"] is None and quiz["ended_by"] == "end of input"
    numeric = [q for q in quiz["questions"] if q["type"] == "numeric"]
    assert all("unit" in q for q in numeric)
    progress = run_json(runner, "progress", "--json")
    assert [m["slug"] for m in progress["modules"]] == ["alpha-axis", "beta-axis"]
    review = run_json(runner, "review", "--json", input="a\n")
    assert review["questions"]
    run_json(runner, "list", "--json")
    reset = run_json(runner, "progress", "--reset", "alpha", "--yes", "--json")
    assert reset["module"] == "alpha-axis" and reset["removed"]["answer"] >= 4
    assert run_json(runner, "progress", "--reset", "--yes", "--json")["module"] is None


def test_nothing_due_names_when_the_next_review_falls(runner):
    run_json(runner, "quiz", "alpha", "--type", "numeric", "--json", input="40\n")  # right: due in days
    doc = run_json(runner, "review", "--json", input="")
    assert doc["due"] == 0 and doc["questions"] == [] and doc["met"] == 1 and doc["next_due"]


def test_define_json(runner):
    doc = run_json(runner, "define", "gland", "--json")
    assert doc["term"] == "gland" and doc["title"] == "Gland" and doc["definition"]
    assert doc["taught"] and doc["taught"][0]["command"].startswith("hormonecli learn alpha-axis --page ")


def test_validate_json_lists_findings_with_code_file_line_and_path(runner):
    from conftest import FIXTURES

    target = str(FIXTURES / "lint" / "hc011.yaml")
    doc = json.loads(invoke(runner, "validate", target, "--format", "json", "--errors-only").stdout)
    assert doc["errors"] == 1 and doc["warnings"] == 0 and doc["files"] == 1
    (finding,) = doc["findings"]
    assert finding == {"code": "HC011", "severity": "error", "file": target, "line": 11,
                       "path": "levels.fundamentals.pages[0].blocks[0].p",
                       "message": "unknown glossary term '{no-such-term}'"}
    assert invoke(runner, "validate", target, "--format", "json").exit_code == 1
    bad = invoke(runner, "validate", "--format", "xml")
    assert bad.exit_code == 2 and "unknown format 'xml'; choose text or json" in bad.stderr
