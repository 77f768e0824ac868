"""The evidence explorer (`claims`), evidence labels everywhere, and claims in search."""
from __future__ import annotations

import json

import pytest

from conftest import invoke, strip_ansi
from hormonecli.courseware import evidence
from hormonecli.errors import UsageError
from hormonecli.search import snippet


def shown(out) -> str:
    """What a reader sees: no escape codes, and a label's unbreakable space as a space."""
    return strip_ansi(out.stdout).replace("\u00a0", " ")


# -- labels ----------------------------------------------------------------------

@pytest.mark.parametrize("typed,label", [
    ("not established", "not-established"), ("not-established", "not-established"), ("Not Established", "not-established"),
    ("not_established", "not-established"), ("not", "not-established"), ("est", "established"),
    ("MIXED", "mixed"), ("emerg", "emerging"), (" established ", "established"),
])
def test_label_names_resolve(typed, label):
    assert evidence.resolve_label(typed) == label


@pytest.mark.parametrize("typed,message", [
    ("e", "'e' could mean emerging, established"), ("proven", "unknown evidence label 'proven'"),
])
def test_bad_label_names_are_usage_errors(typed, message):
    with pytest.raises(UsageError, match=message):
        evidence.resolve_label(typed)


def test_every_label_reads_as_a_word():
    assert [evidence.tag(x) for x in evidence.LABELS] == ["[ESTABLISHED]", "[MIXED]", "[EMERGING]", "[NOT ESTABLISHED]"]
    assert evidence.heading("not-established") == "Evidence: NOT ESTABLISHED"
    assert set(evidence.STYLE) == set(evidence.MEANING) == set(evidence.LABELS)


@pytest.mark.parametrize("a,b", [
    ("Training *raises* resting testosterone.", "training raises   resting testosterone"),
    ('"Andropause" is universal!', '"andropause" is universal'),
    ("GH rises in {gland|the gland} after exercise.", "GH rises in the gland after exercise"),
    ("IL-6 raises cortisol [@steensberg2003].", "il-6 raises cortisol"),
])
def test_claim_texts_compare_without_markup_case_spacing_or_final_punctuation(a, b):
    assert evidence.claim_key(a) == evidence.claim_key(b)


def test_different_claims_stay_different():
    assert evidence.claim_key("GH rises after exercise.") != evidence.claim_key("GH falls after exercise.")


# -- snippets keep their markers -------------------------------------------------

def test_a_snippet_cut_inside_a_claim_keeps_its_label_after_the_ellipsis():
    text = "filler " * 60 + "Myokines are the main reason active adults are healthier, it is said. " + "tail " * 60
    start = text.index("Myokines")
    cut = snippet.cut(text, {("healthier",)}, width=60, regions=[(start, start + 70, "emerging")])
    assert cut.text.startswith("…[EMERGING] ") and "healthier" in cut.text
    assert [cut.text[a:b] for a, b in cut.spans] == ["healthier"]
    assert [(cut.text[a:b], name) for a, b, name in cut.marks] == [("[EMERGING]", "emerging")]


def test_a_claim_starting_inside_the_window_gets_its_label_in_front_of_it():
    text = "Muscle sends signals. Myokines explain everything."
    start = text.index("Myokines")
    cut = snippet.cut(text, {("myokin",)}, regions=[(start, len(text), "not-established")])
    assert cut.text == "Muscle sends signals. [NOT ESTABLISHED] Myokines explain everything."
    assert [cut.text[a:b] for a, b in cut.spans] == ["Myokines"]


def test_text_outside_any_region_gets_no_marker():
    cut = snippet.cut("Plain words here.", {("word",)}, regions=[])
    assert cut.text == "Plain words here." and cut.marks == []


# -- the list --------------------------------------------------------------------

def test_claims_lists_every_claim_by_module_with_where_and_sources(runner, fixture_content):
    out = invoke(runner, "claims")
    assert out.exit_code == 0, out.stderr
    text = shown(out)
    assert text.startswith("4 claims in the course: 1 established, 1 mixed, 1 emerging, 1 not established")
    assert text.index("The alpha axis (alpha-axis): 1 claim") < text.index("The beta axis (beta-axis): 3 claims")
    assert "[EMERGING] Alpha falls with age. (Doe and Roe 2020)" in text
    assert "fundamentals › Summary\n  hormonecli learn alpha-axis --page summary" in text
    assert "[NOT ESTABLISHED] Beta tablets restore the youthful beta levels of your" in text
    assert "[ESTABLISHED] Beta rises acutely after a hard sprint." in text  # markup removed
    assert ["all", "1", "1", "1", "1", "4"] in [line.split() for line in text.splitlines()]
    assert "hormonecli claims 'what you read'" in text


def test_claims_by_label_groups_in_label_order(runner, fixture_content):
    text = shown(invoke(runner, "claims", "--by", "label"))
    heads = [line.split(" (")[0] for line in text.splitlines() if line.endswith(" claim)") or line.endswith(" claims)")]
    assert heads == ["ESTABLISHED", "MIXED", "EMERGING", "NOT ESTABLISHED"]
    assert "beta-axis › academic › B deep one" in text


@pytest.mark.parametrize("args,shown", [
    (["--label", "not established"], ["Beta tablets"]),
    (["--label", "not-established"], ["Beta tablets"]),
    (["--label", "mix"], ["Regular training"]),
    (["--module", "beta"], ["Regular training", "Beta rises", "Beta tablets"]),
    (["--module", "alpha", "--label", "emerging"], ["Alpha falls"]),
])
def test_filters(runner, fixture_content, args, shown):
    out = invoke(runner, "claims", *args, "--json")
    assert out.exit_code == 0, out.stderr
    assert [" ".join(c["text"].split()[:2]) for c in json.loads(out.stdout)["claims"]] == shown


def test_filtered_list_says_what_it_shows(runner, fixture_content):
    text = shown(invoke(runner, "claims", "--label", "not", "--module", "beta"))
    assert text.startswith("1 of the course's 4 claims is labelled not established and in beta-axis")
    empty = invoke(runner, "claims", "--label", "mixed", "--module", "alpha")
    assert empty.exit_code == 0 and "No claims labelled mixed in alpha-axis." in empty.stdout


def test_json_fields_use_null_for_absent_values(runner, fixture_content):
    items = json.loads(invoke(runner, "claims", "--json").stdout)["claims"]
    assert len(items) == 4
    for item in items:
        assert {"label", "text", "module", "level", "page", "sources", "note", "command"} <= set(item)
    alpha = items[0]
    assert alpha == {"label": "emerging", "text": "Alpha falls with age.", "module": "alpha-axis",
                     "level": "fundamentals", "page": "summary", "page_title": "Summary",
                     "sources": ["Doe and Roe 2020"], "note": None,
                     "command": "hormonecli learn alpha-axis --page summary"}
    assert items[-1]["note"] == "No trial in people has shown it."


@pytest.mark.parametrize("args,message", [
    (["--label", "proven"], "unknown evidence label 'proven'; choose established, mixed, emerging or not-established"),
    (["--label", "e"], "'e' could mean emerging, established"),
    (["--module", "gamma"], "no module named 'gamma'"),
    (["--by", "colour"], "unknown grouping 'colour'; choose module or label"),
    (["beta tablets", "--by", "label"], "--by groups the list of claims"),
    ([""], "empty sentence"),
    (["?!"], "nothing to match"),
])
def test_bad_input_is_a_one_line_usage_error(runner, fixture_content, args, message):
    out = invoke(runner, "claims", *args)
    assert out.exit_code == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("hormonecli: error: ") and message in out.stderr


def test_labels_are_words_first_colour_second(runner, fixture_content):
    coloured = invoke(runner, "claims", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;31m[NOT\u00a0ESTABLISHED]\x1b[0m" in coloured and "\x1b[1;32m[ESTABLISHED]\x1b[0m" in coloured
    plain = invoke(runner, "--plain", "claims", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in plain and "[NOT\u00a0ESTABLISHED] Beta tablets" in plain
    assert "›" not in plain and "─" not in plain


# -- a sentence ------------------------------------------------------------------

def test_a_sentence_finds_the_closest_claim_with_why_sources_and_page(runner, fixture_content):
    out = invoke(runner, "claims", "Our beta pills bring back the beta of your 20s!")
    assert out.exit_code == 0, out.stderr
    text = shown(out)
    assert text.startswith('The course\'s claim closest to "Our beta pills bring back the beta of your 20s!":')
    assert "1. [NOT ESTABLISHED] Beta tablets restore the youthful beta levels of your" in text
    assert "Why: No trial in people has shown it." in text
    assert "Sources: Doe and Roe 2020" in text
    assert "Read: beta-axis › academic › B deep two" in text
    assert "hormonecli learn beta-axis --page ba2" in text
    assert "NOT ESTABLISHED means no adequate human evidence" in text


def test_a_sentence_as_json(runner, fixture_content):
    items = json.loads(invoke(runner, "claims", "does a hard sprint spike beta?", "--json").stdout)["matches"]
    assert items[0]["label"] == "established" and items[0]["page"] == "ba1"
    assert items[0]["note"] is None and items[0]["score"] > 0 and "sprint" in items[0]["matched"]
    assert items[0]["command"] == "hormonecli learn beta-axis --page ba1"


def test_filters_apply_to_a_sentence(runner, fixture_content):
    items = json.loads(invoke(runner, "claims", "beta training", "--label", "mixed", "--json").stdout)["matches"]
    assert items and {i["label"] for i in items} == {"mixed"}


def test_nothing_close_says_so_and_suggests_search(runner, fixture_content):
    out = invoke(runner, "claims", "the best pizza and pasta in town")
    assert out.exit_code == 0
    text = shown(out)
    assert 'No claim in the course is close to "the best pizza and pasta in town".' in text
    assert "Words no claim uses: pizza, pasta, town" in text
    assert "Search the whole course: hormonecli search 'pizza pasta town'" in text
    assert json.loads(invoke(runner, "claims", "pizza", "--json").stdout)["matches"] == []


def test_one_shared_word_is_not_close(runner, fixture_content):
    out = invoke(runner, "claims", "sprint shoes for marathon runners")
    assert "No claim in the course is close" in out.stdout


def test_suggested_commands_carry_the_content_packs(runner, fixture_content, tmp_path):
    out = invoke(runner, "--content-dir", str(tmp_path), "claims", "--module", "alpha", env={"COLUMNS": "300"})
    assert f"hormonecli --content-dir {tmp_path} learn alpha-axis --page summary" in shown(out)


# -- claims in search ------------------------------------------------------------

def test_search_kind_claim(runner, fixture_content):
    hits = json.loads(invoke(runner, "search", "beta", "--kind", "claim", "--json").stdout)["hits"]
    assert len(hits) == 3 and {h["kind"] for h in hits} == {"claim"}
    tablets = next(h for h in hits if "tablets" in h["snippet"])
    assert tablets["label"] == "not-established" and tablets["snippet"].startswith("[NOT ESTABLISHED] Beta tablets")
    assert tablets["command"] == "hormonecli learn beta-axis --page ba2"
    assert tablets["markers"] == [{"at": 0, "end": 17, "name": "not-established"}]
    text = shown(invoke(runner, "search", "tablets"))
    assert "Claims\n  beta-axis › academic › B deep two\n    [NOT ESTABLISHED] Beta tablets" in text


def test_a_page_snippet_cut_from_a_claim_box_carries_its_label(runner, fixture_content):
    hits = json.loads(invoke(runner, "search", "tablets", "--kind", "page", "--json").stdout)["hits"]
    assert hits[0]["page"] == "ba2"
    assert hits[0]["snippet"] == ("Two. [NOT ESTABLISHED] Beta tablets restore the youthful beta levels of your "
                                  "twenties. No trial in people has shown it.")


def test_a_question_hit_reads_as_a_question(runner, fixture_content):
    hits = json.loads(invoke(runner, "search", "rises", "--kind", "question", "--json").stdout)["hits"]
    tf = next(h for h in hits if h["question"] == "alpha-f03")
    assert tf["snippet"] == "Q: True or false: Alpha rises with age."
    text = shown(invoke(runner, "search", "rises", "--kind", "question"))
    assert "Q: True or false: Alpha rises with age." in text
    assert "\n    Alpha rises with age." not in text


def test_search_says_which_kinds_exist(runner, fixture_content):
    bad = invoke(runner, "search", "beta", "--kind", "video")
    assert bad.exit_code == 2 and "choose page, term, claim or question" in bad.stderr


def test_the_page_view_shows_the_label_as_a_word(runner, fixture_content):
    out = invoke(runner, "learn", "alpha", "--page", "summary", "--print", env={"FORCE_COLOR": "1"})
    assert "Evidence: EMERGING" in shown(out)
    assert "\x1b[1;36mEvidence: EMERGING" in out.stdout


def test_the_index_refuses_malformed_rows(fixture_content):
    from hormonecli.claims.catalog import _claim
    from hormonecli.search.index import _regions

    good = (1, "mixed", "Text.", "", '["Doe 2020"]', "m", "M", "fundamentals", "p", "P", "text")
    assert _claim(good) is not None
    assert _claim((1, "proven", *good[2:])) is None
    assert _claim((*good[:4], "not json", *good[5:])) is None
    assert _claim((*good[:4], "[1, 2]", *good[5:])) is None
    assert _regions('[[0, 4, "mixed"], [3, 99, "mixed"], [0, 2, "bogus"], "x"]', 10) == [(0, 4, "mixed")]
    assert _regions("{", 10) == []
