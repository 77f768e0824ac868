"""Loading content strictly: bad files give one coded, located error; packs and duplicates."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, run_cli
from hormonecli.courseware import model as m
from hormonecli.courseware.content import Content
from hormonecli.courseware.library import load
from hormonecli.courseware.names import resolve_module as resolve
from hormonecli.courseware.yamlread import MAX_BYTES
from hormonecli.errors import UsageError
from hormonecli.quiz.kinds import KINDS


def pack(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "pack"
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "modules" / name).write_text(text, encoding="utf-8")
    return root


def test_fixture_library_loads_every_block_and_question_type():
    lib, findings = load([FIXTURE_CONTENT])
    assert not [f for f in findings if f.severity == "error"]
    alpha = lib.module("alpha-axis")
    kinds = {type(b) for p in alpha.pages for b in p.blocks}
    assert {m.Paragraph, m.Heading, m.BulletList, m.KeyPoints, m.Table, m.Diagram, m.Chart, m.Callout, m.Claim} <= kinds
    assert {q.type for q in alpha.questions} == set(KINDS)
    assert alpha.page("overview").level == "fundamentals" and alpha.page("mid-two").number == 2


def test_model_objects_are_frozen():
    lib, _ = load([FIXTURE_CONTENT])
    with pytest.raises(Exception):
        lib.modules[0].title = "changed"


@pytest.mark.parametrize("text, code, line", [
    ("format_version: 1\nslug: [oops\n", "HC001", 3),
    ("format_version: 1\nlevels:\n\tfundamentals: {}\n", "HC001", 3),
    ("format_version: 1\nslug: bad\ntitle: 42\nsummary: S\nlevels: {}\n", "HC007", 3),
    ("format_version: 1\nslug: bad\ntitle: T\nsummary: S\nlevels: {}\ncolour: red\n", "HC005", 6),
    ("a: &a [1, 1, 1, 1]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n", "HC003", 1),
    ("\xff\xfe not text", "HC001", 0),
])
def test_a_broken_pack_file_is_skipped_with_one_line_and_the_rest_works(tmp_path, monkeypatch, text, code, line):
    root = tmp_path / "pack" / "modules"
    root.mkdir(parents=True)
    f = root / "bad.yaml"
    if text.startswith("\xff"):
        f.write_bytes(b"\xff\xfe not text")
    else:
        f.write_text(text)
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    warnings = skipped(tmp_path / "pack", "bad")
    assert code in warnings[0] and "bad.yaml" in warnings[0]
    if line:
        assert f"bad.yaml:{line}: {code}" in warnings[0]
    out = run_cli("--content-dir", str(tmp_path / "pack"), "list", env={"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT)})
    assert out.returncode == 0 and "alpha-axis" in out.stdout
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("hormonecli: warning: skipped ")
    assert "bad.yaml" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("validate", str(f), env={"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT)})
    assert out.returncode == 1 and code in out.stdout


def skipped(pack_root, slug: str) -> list[str]:
    """Load the fixture course with a pack: the pack's broken module is left out, with one warning."""
    warnings: list[str] = []
    content = Content([str(pack_root)], warn=warnings.append)
    library = content.library
    assert library.module("alpha-axis") is not None and library.module(slug) is None
    assert len(warnings) == 1 and "\n" not in warnings[0] and warnings[0].startswith("skipped "), warnings
    return warnings


def test_a_file_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    root = tmp_path / "pack" / "modules"
    root.mkdir(parents=True)
    (root / "huge.yaml").write_text("format_version: 1\ntitle: " + "x" * (MAX_BYTES + 1))
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    assert "HC002" in skipped(tmp_path / "pack", "huge")[0]


def test_duplicate_slug_names_both_files(tmp_path, monkeypatch):
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    text = (FIXTURE_CONTENT / "modules" / "beta-axis.yaml").read_text()
    root = pack(tmp_path, "beta-axis.yaml", text)
    warnings: list[str] = []
    library = Content([str(root)], warn=warnings.append).library
    assert library.module("beta-axis").path == str(FIXTURE_CONTENT / "modules" / "beta-axis.yaml")
    assert len(warnings) == 1 and str(root / "modules" / "beta-axis.yaml") in warnings[0]
    assert str(FIXTURE_CONTENT / "modules" / "beta-axis.yaml") in warnings[0]


def test_content_packs_add_modules(tmp_path, monkeypatch):
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    text = (FIXTURE_CONTENT / "modules" / "beta-axis.yaml").read_text()
    text = text.replace("slug: beta-axis", "slug: gamma-axis").replace("aliases: [beta]", "aliases: [gamma]")
    text = text.replace("id: beta-f01", "id: gamma-f01")
    root = pack(tmp_path, "gamma-axis.yaml", text)
    assert Content([str(root)]).library.module("gamma-axis") is not None
    monkeypatch.setenv("HORMONECLI_CONTENT_PATH", str(root))
    assert Content().library.module("gamma-axis") is not None


def test_missing_content_dir_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="content directory not found"):
        Content([str(tmp_path / "nope")]).library


def test_parsed_content_is_cached_and_refreshed(tmp_path, monkeypatch, private_cache):
    import os

    from hormonecli.paths import cache_dir

    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    text = (FIXTURE_CONTENT / "modules" / "beta-axis.yaml").read_text().replace("slug: beta-axis", "slug: delta-axis")
    text = text.replace("aliases: [beta]", "aliases: [delta]").replace("id: beta-f01", "id: delta-f01")
    root = pack(tmp_path, "delta-axis.yaml", text)
    first = Content([str(root)]).library
    assert list(cache_dir().glob("file-*.json")) and not list(cache_dir().glob("*.pickle"))
    f = root / "modules" / "delta-axis.yaml"
    f.write_text(text.replace("title: The beta axis", "title: The delta axis, edited"))
    os.utime(f, ns=(1, 1))  # a different mtime even on coarse clocks
    second = Content([str(root)]).library
    assert first.module("delta-axis").title == "The beta axis"
    assert second.module("delta-axis").title == "The delta axis, edited"


@pytest.mark.parametrize("name, slug", [("alpha-axis", "alpha-axis"), ("alpha", "alpha-axis"), ("ALPHA", "alpha-axis"),
                                        ("first", "alpha-axis"), ("bet", "beta-axis"), ("beta axis", "beta-axis")])
def test_resolve_by_slug_alias_prefix(name, slug):
    lib, _ = load([FIXTURE_CONTENT])
    assert resolve(lib, name).slug == slug


def test_resolve_ambiguous_and_unknown():
    lib, _ = load([FIXTURE_CONTENT])
    with pytest.raises(UsageError, match="did you mean 'alpha-axis'"):
        resolve(lib, "alpah")
    two = m.Library(tuple(m.Module(s, s, "", (), (), ()) for s in ("bone-one", "bone-two")))
    with pytest.raises(UsageError, match="'bone' could mean bone-one, bone-two"):
        resolve(two, "bone")


def test_shipped_aliases_resolve():
    lib = Content().library
    for name, slug in [("hpg", "hpg-axis"), ("testosterone", "hpg-axis"), ("gh", "somatotropic-axis"),
                       ("igf", "somatotropic-axis"), ("growth-hormone", "somatotropic-axis"), ("dhea", "dhea-cortisol"),
                       ("cortisol", "dhea-cortisol"), ("hpa", "dhea-cortisol"), ("adrenal", "dhea-cortisol"),
                       ("bone", "bone-remodeling"), ("osteoporosis", "bone-remodeling"), ("muscle", "sarcopenia"),
                       ("muscle-loss", "sarcopenia"), ("myokine", "myokines"), ("muscle-signals", "myokines"),
                       ("exercise-signals", "myokines"), ("somatotropic", "somatotropic-axis")]:
        assert resolve(lib, name).slug == slug, name


def _module_text(**changes) -> str:
    text = (FIXTURE_CONTENT / "modules" / "beta-axis.yaml").read_text()
    text = text.replace("slug: beta-axis", "slug: zeta-axis").replace("aliases: [beta]", "aliases: [zeta]")
    text = text.replace("id: beta-f01", "id: zeta-f01")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("changes, code", [
    ({"      - {id: bi1, title: B one, blocks: [{p: One.}]}\n      - {id: bi2, title: B two, blocks: [{p: Two.}]}\n"
      "      - {id: bi3, title: B three, blocks: [{keypoints: [Three.]}]}\n": "      []\n"}, "HC006"),  # empty level
    ({"  intermediate:\n    pages:\n": "  intermediate:\n    pages: [1, 2]\n    extra:\n"}, "HC00"),  # mistyped level
    ({"id: bi2,": "id: bi1,"}, "HC009"),  # duplicate page id
    ({"id: zeta-f01": "id: alpha-f01"}, "HC009"),  # question id used by another module
    ({"aliases: [zeta]": "aliases: [alpha]"}, "HC031"),  # alias names another module
])
def test_runtime_loading_refuses_what_would_corrupt_state_or_navigation(tmp_path, monkeypatch, changes, code):
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    root = pack(tmp_path, "zeta-axis.yaml", _module_text(**changes))
    warning = skipped(root, "zeta-axis")[0]
    assert code in warning
    out = run_cli("validate", str(root / "modules"), env={"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT)})
    assert out.returncode == 1 and code in out.stdout and "Traceback" not in out.stderr + out.stdout


def test_validate_takes_a_kind_folder_and_refuses_empty_or_missing_places(tmp_path):
    root = pack(tmp_path, "broken.yaml", "format_version: 1\nslug: [oops\n")
    out = run_cli("validate", str(root / "modules"))
    assert out.returncode == 1 and "HC001" in out.stdout and "in 1 file(s)" in out.stdout
    (tmp_path / "empty").mkdir()
    out = run_cli("validate", str(tmp_path / "empty"))
    assert out.returncode == 2 and out.stderr.startswith("hormonecli: error: no content files")
    out = run_cli("--content-dir", str(tmp_path / "missing"), "validate")
    assert out.returncode == 2 and "content directory not found" in out.stderr


def test_start_page_prefers_the_request_then_the_saved_place():
    from hormonecli.courseware.names import start_page

    lib, _ = load([FIXTURE_CONTENT])
    alpha = lib.module("alpha-axis")
    assert start_page(alpha).id == "overview"
    assert start_page(alpha, position=("intermediate", "mid-two")).id == "mid-two"
    assert start_page(alpha, level="academic", position=("intermediate", "mid-two")).id == "deep-one"
    assert start_page(alpha, level="intermediate", position=("intermediate", "mid-two")).id == "mid-two"
    assert start_page(alpha, page="2").id == "levels-with-age"
    assert start_page(alpha, page="3", level="academic").id == "deep-three"
    assert start_page(alpha, position=("fundamentals", "gone-page")).id == "overview"


def test_every_block_type_has_a_view_and_describes_its_texts():
    from typing import get_args

    from hormonecli.render.page import BLOCK_VIEWS

    lib, _ = load([FIXTURE_CONTENT])
    blocks = {type(b): b for mod in lib.modules for p in mod.pages for b in p.blocks}
    assert set(BLOCK_VIEWS) == set(get_args(m.Block)) == set(blocks)
    for b in blocks.values():
        texts = list(b.texts())
        assert texts and all(role in ("head", "body") and isinstance(t, str) for role, t in texts)
