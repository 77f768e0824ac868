"""The linter: one failing fixture per rule, and the shipped content is clean."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, run_cli
from hormonecli.courseware.lint import RULES, validate
from hormonecli.courseware.yamlread import MAX_BYTES
from hormonecli.paths import content_dirs

LINT = FIXTURES / "lint"
WARNING_ONLY = {"HC016", "HC017", "HC019", "HC020", "HC023", "HC025", "HC026", "HC030", "HC032", "HC033", "HC038",
                "HC039"}
# HC002 (size cap) is made at test time: a fixture file over the cap would bloat the repo.
FILE_FIXTURES = {code: sorted(LINT.glob(f"{code.lower()}*.yaml")) for code in RULES if code != "HC002"}
MEMO: dict = {}  # the shipped course is parsed once for all the cases below


@pytest.mark.parametrize("code", sorted(FILE_FIXTURES))
def test_every_rule_has_a_failing_fixture(code):
    files = FILE_FIXTURES[code]
    assert files, f"no fixture for {code}"
    for path in files:
        findings = validate(content_dirs(), [path], MEMO)
        codes = {f.code for f in findings}
        assert code in codes, f"{path.name} should trigger {code}, got {sorted(codes)}"
        errors = {f.code for f in findings if f.severity == "error"}
        if code in WARNING_ONLY:
            assert not errors, f"{path.name}: unexpected errors {errors}"
        else:
            assert errors == {code}, f"{path.name}: expected only {code} as an error, got {sorted(errors)}"


def test_size_cap(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("format_version: 1\nslug: big\ntitle: " + "x" * (MAX_BYTES + 1) + "\n")
    findings = validate(content_dirs(), [big])
    assert [f.code for f in findings] == ["HC002"]


def test_findings_name_file_line_and_yaml_path():
    out = run_cli("validate", str(LINT / "hc011.yaml"))
    assert out.returncode == 1
    line = next(x for x in out.stdout.splitlines() if "HC011" in x)
    assert re.match(r".*hc011\.yaml:11: error HC011: unknown glossary term '\{no-such-term\}' \(levels\.fundamentals\.pages\[0\]\.blocks\[0\]\.p\)$", line), line
    assert "1 error(s)" in out.stdout


def test_warnings_alone_exit_zero():
    out = run_cli("validate", str(LINT / "hc019.yaml"))
    assert out.returncode == 0
    assert "warning HC019" in out.stdout


def test_rules_are_listed():
    out = run_cli("validate", "--rules")
    assert out.returncode == 0
    for code in RULES:
        assert code in out.stdout


def test_shipped_content_has_no_errors_or_warnings():
    out = run_cli("validate")
    assert out.returncode == 0, out.stdout[-3000:]
    assert "0 error(s), 0 warning(s)" in out.stdout


def test_shipped_content_meets_the_course_minimums():
    from hormonecli.courseware.content import Content
    from hormonecli.courseware.links import links_in, links_out

    lib = Content().library
    slugs = {m.slug for m in lib.modules}
    assert slugs == {"hpg-axis", "somatotropic-axis", "dhea-cortisol", "bone-remodeling", "sarcopenia", "myokines"}
    for mod in lib.modules:
        assert all(len(lv.pages) >= 3 for lv in mod.levels), mod.slug
        assert len(mod.questions) >= 20, mod.slug
        assert len({q.type for q in mod.questions}) >= 4, mod.slug
        assert any(q.type == "order" for q in mod.questions), mod.slug
        assert {q.level for q in mod.questions} == {"fundamentals", "intermediate", "academic"}
        assert len(links_out(mod)) >= 2, mod.slug
        assert len(links_in(lib, mod.slug)) >= 2, mod.slug
        kinds = {type(b).__name__ for p in mod.pages for b in p.blocks}
        assert {"Diagram", "Chart", "Claim", "Table", "KeyPoints", "Callout"} <= kinds, (mod.slug, kinds)


def test_unknown_path_is_a_usage_error():
    out = run_cli("validate", "no/such/dir")
    assert out.returncode == 2
    assert out.stderr.strip() == "hormonecli: error: no such file or directory: no/such/dir"
