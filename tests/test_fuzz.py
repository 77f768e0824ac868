"""A mutation fuzzer over the shipped modules: hostile content never gets past one honest line.

Each case copies one shipped module (with the glossary and references) into a content folder,
breaks it in one to three ways, and runs a few commands on it in-process, through the CLI's
error boundary (`cli.main`). Every run must exit 0, 1 or 2; print no traceback and no
"unexpected" internal error; write no escape byte to stdout; and say anything on stderr in
lines that start with `hormonecli:` (errors in one line, at most one of them).

The mutations: YAML tags, deep nesting, huge and odd numbers, control and bidirectional
characters (as YAML escapes and as raw bytes), truncation, bad UTF-8, anchors and aliases,
duplicated keys, values of the wrong type, missing and extra keys.

CI runs FUZZ_CASES cases (a fixed seed; about 5 s). A longer run:
    HORMONECLI_FUZZ_CASES=5000 HORMONECLI_FUZZ_SEED=7 python -m pytest tests/test_fuzz.py -s
prints its figures (cases, commands, failures) at the end.
"""
from __future__ import annotations

import copy
import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import SHIPPED, invoke

FUZZ_CASES = int(os.environ.get("HORMONECLI_FUZZ_CASES", "60"))
FUZZ_SEED = int(os.environ.get("HORMONECLI_FUZZ_SEED", "20240611"))

MODULES = sorted((SHIPPED / "modules").glob("*.yaml"))
SIDE_FILES = sorted((SHIPPED / "glossary").glob("*.yaml")) + sorted((SHIPPED / "references").glob("*.yaml"))

TAGS = ["!!binary", "!custom", "!!set", "!!timestamp", "!!python/object:os.system", "!!omap", "!!int",
        "!!float", "!!str", "!!null", "!!map", "!!seq", "!<tag:example.com,2000:x>", "!!python/name:os.system"]
ODD_NUMBERS = ["9" * 5000, "-" + "9" * 400, "1e999", "-1e999", ".nan", ".inf", "-.inf", "0x1F", "0o17", "1_000",
               "+12", "-0", "1.5e-320", "0b101", "12:30:00", "2001-12-14", "~", "null", "yes", "on", "1e-99999"]
HOSTILE = ["\\e[31mRED\\e[0m", "\\e]8;;http://x.invalid/\\e\\\\link\\e]8;;\\e\\\\", "\\e]52;c;SGk=\\a",
           "\\u202eevil\\u202c", "\\x9b31m", "\\x00nul", "\\x7f", "\\u2066iso\\u2069", "\\e[2J\\e[H", "\\r\\b\\t",
           "\\u200f\\u061c", "\\e[?1049h", "\\e[6n", "\\x1b]0;title\\x07"]
RAW_BYTES = [b"\x1b[31m", b"\x00", b"\xff\xfe", b"\x9b", b"\xe2\x80\xae", b"\r", b"\x1b]52;c;SGk=\x07", b"\xc3"]
WORDS = ["gnrh", "testosterone", "bone", "cortisol", "igf-1", "myokine", "\u202eevil", "a" * 300, "17β-hsd", "*"]


# -- mutations ------------------------------------------------------------------------------------

def _paths(data, here=()):
    """Every path into a parsed YAML document, with its value."""
    yield here, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, here + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, here + (i,))


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _other_type(rng: random.Random, value):
    choices = [None, True, 0, -1, 3.5, 10 ** 30, "", "text", [], ["a"], {}, {"a": 1}, [[["deep"]]],
               {"type": {"a": 1}}, "x" * 30_000]
    return rng.choice([c for c in choices if type(c) is not type(value)])


def data_mutation(rng: random.Random, data):
    """Wrong types, missing keys, extra keys: on the parsed document."""
    paths = [(p, v) for p, v in _paths(data) if p]
    if not paths:
        return data, "empty"
    path, value = rng.choice(paths)
    what = rng.choice(["type", "missing", "extra", "swap", "empty"])
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if what == "missing" and isinstance(parent, dict):
        del parent[path[-1]]
    elif what == "extra" and isinstance(value, dict):
        value[rng.choice(["extra", "typo_key", "type", "id", "blocks", "\u202ekey"])] = _other_type(rng, None)
    elif what == "swap":  # another node's value here (a copy: never a node inside itself)
        other_path, other = rng.choice(paths)
        related = other_path[:len(path)] == path or path[:len(other_path)] == other_path
        _set(data, path, None if related else copy.deepcopy(other))
    elif what == "empty":
        _set(data, path, type(value)() if isinstance(value, (list, dict, str)) else None)
    else:
        _set(data, path, _other_type(rng, value))
    return data, f"{what} at {'.'.join(map(str, path))[:60]}"


_VALUE_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+: )(\S.*)$", re.M)
_PROSE_LINE = re.compile(r"^(\s*(?:- )?(?:p|title|text|caption|summary|why|explanation|prompt|definition|note): )"
                         r"([^\s>|].*)$", re.M)
BIDI_AND_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_prose(rng: random.Random, text: str) -> tuple[str, str]:
    """Content that is valid but hostile: escape sequences and bidi controls inside prose values."""
    lines = list(_PROSE_LINE.finditer(text))
    if not lines:
        return text, "no prose"
    for mt in rng.sample(lines, min(len(lines), rng.randint(1, 4))):
        value = mt.group(2)
        if value.startswith('"') or value.startswith("'"):
            value = value[1:-1]
        value = value.replace("\\", "").replace('"', "")
        new = mt.group(1) + '"' + rng.choice(HOSTILE) + " " + value + " " + rng.choice(HOSTILE) + '"'
        text = text.replace(mt.group(0), new, 1)
    return text, "hostile prose"


def text_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    """YAML-level breakage: tags, nesting, numbers, escapes, anchors, duplicates."""
    lines = list(_VALUE_LINE.finditer(text))
    what = rng.choice(["tag", "deep", "number", "escape", "anchor", "duplicate", "flow", "merge"])
    if not lines:
        return text + "\nx: [", "unclosed"
    mt = rng.choice(lines)
    head, value = mt.group(1), mt.group(2)
    if what == "tag":
        new = f"{head}{rng.choice(TAGS)} {value}"
    elif what == "deep":
        depth = rng.choice([10, 41, 100, 480, 1000, 5000])
        new = head + "[" * depth + "1" + "]" * depth
    elif what == "number":
        new = head + rng.choice(ODD_NUMBERS)
    elif what == "escape":
        new = head + '"' + rng.choice(HOSTILE) + " " + value.replace("\\", "").replace('"', "")[:80] + '"'
    elif what == "anchor":
        new = f"{head}&a {value}"
        text = text[:mt.start()] + new + text[mt.end():]
        second = rng.choice(list(_VALUE_LINE.finditer(text)))
        return text[:second.start()] + second.group(1) + "*a" + text[second.end():], "anchor and alias"
    elif what == "duplicate":
        new = f"{head}{value}\n{head}{value}"
    elif what == "merge":
        new = f"{head}{{<<: {{a: 1}}, b: 2}}"
    else:
        new = head + "{" + value[:40]
    return text[:mt.start()] + new + text[mt.end():], what


def byte_mutation(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    """Below YAML: truncation, raw control bytes, bad UTF-8."""
    what = rng.choice(["truncate", "insert", "insert", "bom"])
    at = rng.randrange(len(raw) + 1)
    if what == "truncate":
        return raw[:at], f"truncated at {at}"
    if what == "bom":
        return b"\xef\xbb\xbf" + raw, "byte order mark"
    return raw[:at] + rng.choice(RAW_BYTES) + raw[at:], f"raw bytes at {at}"


def mutate(rng: random.Random, raw: bytes) -> tuple[bytes, list[str]]:
    done: list[str] = []
    if rng.random() < 0.3:  # content that loads: what is drawn must still be clean
        text, what = hostile_prose(rng, raw.decode("utf-8"))
        return text.encode("utf-8"), [what]
    if rng.random() < 0.45:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for _ in range(rng.randint(1, 3)):
            data, what = data_mutation(rng, data)
            done.append(what)
        raw = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                        sort_keys=False, width=120).encode("utf-8")
    if not done or rng.random() < 0.5:
        text, what = text_mutation(rng, raw.decode("utf-8", "replace"))
        raw = text.encode("utf-8", "surrogateescape")
        done.append(what)
    if rng.random() < 0.25:
        raw, what = byte_mutation(rng, raw)
        done.append(what)
    return raw, done


# -- running ---------------------------------------------------------------------------------------

@dataclass
class Tally:
    cases: int = 0
    commands: int = 0
    exits: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def commands_for(rng: random.Random, slug: str, path: Path) -> list[tuple[list[str], str | None]]:
    """A few commands for one case: the ones that read every file, then a random pair."""
    word = rng.choice(WORDS)
    pool: list[tuple[list[str], str | None]] = [
        (["learn", slug, "--print"], None),
        (["learn", slug, "--level", rng.choice(["fundamentals", "intermediate", "academic"]), "--page",
          str(rng.randint(1, 3)), "--print"], None),
        (["quiz", slug, "--count", "3", "--seed", str(rng.randint(0, 99))],
         "\n".join(rng.choice(["a", "b", "1a 2b 3c", "c a b d", "\x1b[31m", "−2.8", "t", "q", ""]) for _ in range(4))),
        (["quiz", slug, "--count", "2", "--json"], "a\nb\n"),
        (["search", word], None),
        (["search", word, "--json"], None),
        (["define", rng.choice(["gnrh", "testosterone", "shbg", "igf-1", "irisin", word])], None),
        (["validate", str(path)], None),
        (["progress"], None),
        (["list", "--json"], None),
        ([], None),
    ]
    return [(["list"], None)] + rng.sample(pool, 2)


def check(args: list[str], out, tally: Tally, label: str) -> None:
    tally.commands += 1
    tally.exits[out.exit_code] = tally.exits.get(out.exit_code, 0) + 1
    problems = []
    if out.exit_code not in (0, 1, 2):
        problems.append(f"exit {out.exit_code}")
    for stream, text in (("stdout", out.stdout), ("stderr", out.stderr)):
        if "Traceback" in text:
            problems.append(f"traceback on {stream}")
    if "error: unexpected " in out.stderr or "run with --debug for details" in out.stderr:
        problems.append("internal error: " + out.stderr.strip()[:200])
    if "\x1b" in out.stdout or "\x9b" in out.stdout:
        problems.append("escape byte on stdout")
    elif BIDI_AND_CONTROLS.search(out.stdout.replace("\n", "")):
        problems.append(f"control or bidi character on stdout: {BIDI_AND_CONTROLS.search(out.stdout.replace(chr(10), ''))!r}")
    err_lines = [line for line in out.stderr.splitlines() if line.strip()]
    stray = [line for line in err_lines if not line.startswith("hormonecli: ")]
    if stray:
        problems.append(f"stderr line not from hormonecli: {stray[0][:120]!r}")
    if sum(line.startswith("hormonecli: error:") for line in err_lines) > 1:
        problems.append("more than one error line")
    if "\x1b" in out.stderr:
        problems.append("escape byte on stderr")
    if problems:
        tally.failures.append(f"{label} {' '.join(args)[:80]}: {'; '.join(problems)}")


def run_case(runner, rng: random.Random, case: int, content: Path, tally: Tally) -> None:
    module = rng.choice(MODULES)
    slug = module.stem
    target = rng.choice(SIDE_FILES) if rng.random() < 0.15 else module
    for f in (content / "modules").glob("*.yaml"):
        f.unlink()
    shutil.copy(module, content / "modules" / module.name)
    for side in SIDE_FILES:
        shutil.copy(side, content / side.parent.name / side.name)
    dest = content / target.parent.name / target.name
    raw, done = mutate(rng, target.read_bytes())
    dest.write_bytes(raw)
    label = f"case {case} ({target.parent.name}/{target.name}: {', '.join(done)})"
    for args, stdin in commands_for(rng, slug, dest):
        out = invoke(runner, *args, input=stdin)
        check(args, out, tally, label)
    tally.cases += 1


def test_hostile_content_never_gets_past_one_honest_line(runner, tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    for sub in ("modules", "glossary", "references"):
        (content / sub).mkdir(parents=True)
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(content))
    rng = random.Random(FUZZ_SEED)
    tally = Tally()
    for case in range(FUZZ_CASES):
        run_case(runner, rng, case, content, tally)
    with capsys.disabled():
        exits = ", ".join(f"exit {k}: {v}" for k, v in sorted(tally.exits.items()))
        print(f"\nfuzz: seed {FUZZ_SEED}, {tally.cases} cases, {tally.commands} commands ({exits}), "
              f"{len(tally.failures)} failures")
    assert tally.cases == FUZZ_CASES and tally.commands >= 3 * FUZZ_CASES
    assert not tally.failures, "\n".join(tally.failures[:20])


@pytest.mark.parametrize("seed", range(3))
def test_the_mutator_really_breaks_things(seed):
    """The fuzzer is only worth its time if its cases differ from the shipped file and fail to load."""
    rng = random.Random(seed)
    original = MODULES[0].read_bytes()
    results = [mutate(rng, original)[0] for _ in range(20)]
    assert all(r != original for r in results)
    assert len(set(results)) >= 15
