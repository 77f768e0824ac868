"""Caches are data, validated on read, rebuilt when stale or damaged, private, and never run code."""
from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, ROOT, invoke, run_cli

COMMANDS = [("list",), ("search", "gland"), ("define", "gland"), ("learn", "alpha", "--print"), ()]
FAMILIES = ("file-", "manifest-", "search-", "print-")


class _Boom:
    def __reduce__(self):  # what a planted pickle would run on load
        return (os.system, (f"touch {os.environ.get('HC_MARKER', '/tmp/hc-marker')}",))


def payloads(marker: Path) -> dict[str, bytes]:
    import pickle

    os.environ["HC_MARKER"] = str(marker)
    return {
        "pickle": pickle.dumps(_Boom()),
        "random": os.urandom(4096),
        "empty": b"",
        "escapes": b"\x1b]52;c;SGk=\x07\x1b[31mRED\x1b[0m\x1b]0;title\x07\n" * 20,
    }


def outputs(runner) -> dict[tuple, str]:
    got = {}
    for args in COMMANDS:
        out = invoke(runner, *args)
        assert out.exit_code == 0, (args, out.stderr)
        got[args] = out.stdout
    return got


def test_planted_cache_files_never_run_never_print_escapes_and_change_nothing(
        runner, fixture_content, private_cache, tmp_path):
    before = outputs(runner)  # builds every cache
    marker = tmp_path / "ran"
    for name, data in payloads(marker).items():
        for family in FAMILIES:
            files = sorted(private_cache.glob(family + "*"))
            assert files, family
            for args in COMMANDS:
                for f in files:  # planted again before every command: each one meets the payload
                    f.write_bytes(data)
                out = invoke(runner, *args)
                assert out.exit_code == 0, (name, family, args, out.stderr)
                assert out.stdout == before[args], (name, family, args)
                assert "\x1b" not in out.stdout and "\x07" not in out.stdout
                files = sorted(private_cache.glob(family + "*")) or files
    assert not marker.exists()


def test_well_formed_but_planted_data_is_cleaned_on_the_way_out(runner, fixture_content, private_cache):
    outputs(runner)
    evil = "\x1b]8;;http://x.invalid/\x1b\\Click\x1b]8;;\x1b\\\x1b[31mRED"
    manifest = next(private_cache.glob("manifest-*.json"))
    data = json.loads(manifest.read_text())
    data["modules"][0]["title"] = evil
    manifest.write_text(json.dumps(data))
    for f in private_cache.glob("file-*.json"):
        doc = json.loads(f.read_text())
        if isinstance(doc.get("model"), dict):
            doc["model"]["levels"][0]["pages"][0]["title"] = evil
            f.write_text(json.dumps(doc))
    body = f"{evil}\n".encode()
    for f in private_cache.glob("print-*.txt"):  # a correct checksum does not make escape codes welcome
        f.write_bytes(f"hormonecli-text 1 {len(body)} {zlib.crc32(body):08x}\n".encode() + body)
    for args in COMMANDS:
        out = invoke(runner, *args)
        assert out.exit_code == 0 and "\x1b" not in out.stdout, args


def test_a_truncated_printed_lesson_is_never_printed(runner, fixture_content, private_cache):
    whole = invoke(runner, "learn", "alpha", "--print").stdout
    printed = next(private_cache.glob("print-*.txt"))
    printed.write_bytes(printed.read_bytes()[: len(printed.read_bytes()) // 2])
    assert invoke(runner, "learn", "alpha", "--print").stdout == whole


def test_a_change_to_the_package_code_rebuilds_the_printed_lesson(fixture_content, private_cache, tmp_path):
    import shutil

    # a copy of the package, so editing it cannot disturb tests running beside this one
    copy = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "hormonecli", copy / "hormonecli", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT), "HORMONECLI_CACHE": str(private_cache),
           "PYTHONPATH": str(copy)}
    where = subprocess.run([sys.executable, "-c", "import hormonecli; print(hormonecli.__file__)"],
                           capture_output=True, text=True, env={**os.environ, **env}).stdout
    assert where.startswith(str(copy))  # the copy runs, not the checkout
    whole = run_cli("learn", "alpha", "--print", env=env).stdout
    printed = next(private_cache.glob("print-*.txt"))
    stale = b"STALE LESSON\n"
    printed.write_bytes(f"hormonecli-text 1 {len(stale)} {zlib.crc32(stale):08x}\n".encode() + stale)
    assert run_cli("learn", "alpha", "--print", env=env).stdout == "STALE LESSON\n"  # the cache is used...
    source = copy / "hormonecli" / "render" / "page.py"
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # "edited"
    assert run_cli("learn", "alpha", "--print", env=env).stdout == whole  # ...until the code changes


def test_state_and_cache_are_private(runner, fixture_content, tmp_path, private_cache):
    home = tmp_path / "home"
    assert invoke(runner, "quiz", "alpha", "--count", "1", "--seed", "1", input="a\n").exit_code == 0
    invoke(runner, "search", "gland")
    for folder in (home, private_cache):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((home / "state.db").stat().st_mode) == 0o600
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in private_cache.iterdir())


def test_open_folders_of_ours_are_tightened(runner, fixture_content, tmp_path, private_cache):
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o777)
    invoke(runner, "search", "gland")
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700


def test_a_cache_folder_owned_by_someone_else_is_never_used(runner, fixture_content, private_cache, monkeypatch):
    private_cache.mkdir(parents=True)
    owner = private_cache.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 4242)  # we are now someone else
    out = invoke(runner, "search", "gland")
    assert out.exit_code == 0 and "gland" in out.stdout.lower()
    assert "belongs to another user" in out.stderr and out.stderr.count("\n") == 1
    assert not list(private_cache.iterdir())


def test_an_index_damaged_inside_is_rebuilt(runner, fixture_content, private_cache):
    before = invoke(runner, "search", "gland").stdout
    index = next(private_cache.glob("search-*.sqlite"))
    conn = sqlite3.connect(index)
    conn.execute("DROP TABLE docs")
    conn.execute("CREATE TABLE docs(x)")
    conn.commit()
    conn.close()
    assert invoke(runner, "search", "gland").stdout == before
    assert invoke(runner, "define", "gland").exit_code == 0


def test_temporary_files_left_by_a_killed_process_are_removed(runner, fixture_content, private_cache):
    invoke(runner, "search", "gland")
    left = private_cache / ".tmp-999-search-x.sqlite"
    left.write_bytes(b"half")
    os.utime(left, (1, 1))
    fresh = private_cache / ".tmp-998-file-y.json"
    fresh.write_bytes(b"being written now")
    for f in private_cache.glob("search-*"):
        f.unlink()
    invoke(runner, "search", "gland")
    assert not left.exists() and fresh.exists()


def test_no_pickle_marshal_or_shelve_anywhere():
    for path in (ROOT / "src").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("import pickle", "import marshal", "import shelve", "pickle.load", "marshal.load"):
            assert word not in text, f"{path}: {word}"


# -- the shipped course arrives warm --------------------------------------------------------

@pytest.fixture
def prebuilt(tmp_path, monkeypatch, fixture_content):
    from hormonecli import cache
    from hormonecli.prebuild import build

    out = tmp_path / "prebuilt"
    monkeypatch.setenv("HORMONECLI_CACHE", str(tmp_path / "build-cache"))
    build(out)
    monkeypatch.setenv("HORMONECLI_PREBUILT", str(out))
    monkeypatch.setenv("HORMONECLI_CACHE", str(tmp_path / "fresh-cache"))
    cache.reset()
    return out


def _fresh_process(argv: list[str]) -> tuple[str, set[str]]:
    code = ("import sys\nfrom hormonecli.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print('\\n--modules--\\n' + '\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy(),
                         check=True)
    text, _, mods = out.stdout.partition("\n--modules--\n")
    return text, set(mods.split())


@pytest.mark.parametrize("argv", [["list"], ["search", "gland"], ["learn", "alpha", "--print"]])
def test_first_commands_on_the_prebuilt_course_parse_no_yaml(prebuilt, argv, tmp_path, monkeypatch):
    text, mods = _fresh_process(argv)
    assert "yaml" not in mods and "hormonecli.courseware.loader" not in mods, argv
    monkeypatch.delenv("HORMONECLI_PREBUILT")
    monkeypatch.setenv("HORMONECLI_CACHE", str(tmp_path / "other-cache"))
    assert _fresh_process(argv)[0] == text  # exactly what building from the YAML prints


def test_a_prebuilt_stamp_that_does_not_match_is_ignored(prebuilt, tmp_path):
    stamp = json.loads((prebuilt / "stamp.json").read_text())
    stamp["content"] = "00000000"
    (prebuilt / "stamp.json").write_text(json.dumps(stamp))
    (prebuilt / "search.sqlite").write_bytes(b"not used")
    text, mods = _fresh_process(["search", "gland"])
    assert "yaml" in mods and "Gland" in text


def test_the_progress_line_waits_half_a_second_and_clears_itself():
    from hormonecli.render.lines import ProgressLine

    buf = io.StringIO()
    now = [0.0]
    line = ProgressLine(buf, width=60)
    line.clock = lambda: now[0]
    line.started = 0.0
    line("Reading the course", 1, 10)
    assert buf.getvalue() == ""  # quick builds stay silent
    now[0] = 0.7
    line("Reading the course", 5, 10)
    assert "Reading the course" in buf.getvalue() and "5/10" in buf.getvalue()
    line("Reading the course", 10, 10)
    assert buf.getvalue().endswith("\r\x1b[K")


def test_no_progress_on_a_pipe(fixture_content, private_cache):
    out = run_cli("search", "gland", env={"HORMONECLI_BUILTIN_CONTENT": str(FIXTURE_CONTENT),
                                          "HORMONECLI_CACHE": str(private_cache)})
    assert out.returncode == 0 and out.stderr == ""


def test_the_wheel_hook_builds_what_the_runtime_reads():
    hook = (ROOT / "hatch_build.py").read_text()
    assert "prebuild import build" in hook and '"hormonecli/_prebuilt"' in hook
    assert Path(ROOT / "pyproject.toml").read_text().count("hatch_build.py") >= 2
