"""Shared fixtures: every test gets its own state home; helpers to run the CLI."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_CONTENT = FIXTURES / "content"
SHIPPED = ROOT / "content"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(autouse=True)
def _prompt_keys(monkeypatch):
    """pexpect waits 50 ms before every send and 100 ms after closing, for programs that miss
    keys typed too early. Every terminal test here waits for the screen it answers, so the
    pauses only slowed the suite."""
    try:
        import pexpect
    except ImportError:
        return
    made = pexpect.spawn.__init__

    def init(self, *args, **kwargs):
        made(self, *args, **kwargs)
        self.delaybeforesend = None
        self.delayafterclose = 0.01
        self.delayafterterminate = 0.01

    monkeypatch.setattr(pexpect.spawn, "__init__", init)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch, shared_cache):
    """State always goes to a fresh temporary folder. Caches are shared by the session: they are
    keyed by what they hold, so sharing them is what a learner's machine does (tests about caching
    itself use `private_cache`)."""
    from hormonecli import cache

    home = tmp_path / "home"
    monkeypatch.setenv("HORMONECLI_HOME", str(home))
    monkeypatch.setenv("HORMONECLI_CACHE", str(shared_cache))
    monkeypatch.delenv("HORMONECLI_PREBUILT", raising=False)
    cache.reset()
    monkeypatch.delenv("HORMONECLI_CONTENT_PATH", raising=False)
    monkeypatch.delenv("HORMONECLI_BUILTIN_CONTENT", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    return home


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A cache folder of this test's own."""
    from hormonecli import cache

    folder = tmp_path / "home" / "cache"
    monkeypatch.setenv("HORMONECLI_CACHE", str(folder))
    cache.reset()
    return folder


@pytest.fixture
def fixture_content(monkeypatch):
    """Replace the shipped content with the small test modules."""
    monkeypatch.setenv("HORMONECLI_BUILTIN_CONTENT", str(FIXTURE_CONTENT))
    return FIXTURE_CONTENT


def run_cli(*args: str, env: dict | None = None, input: str | None = None, cwd: str | None = None,
            timeout: int = 60) -> subprocess.CompletedProcess:
    """Run hormonecli as a user would: a real process, stdout/stderr captured (not a terminal)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "hormonecli", *args], capture_output=True, text=True,
                          env=full_env, input=input, cwd=cwd, timeout=timeout)


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def invoke(runner, *args: str, input: str | None = None, env: dict | None = None) -> Outcome:
    """Run the CLI in-process through the same error boundary as the console script (cli.main),
    inside CliRunner's isolation (captured, non-terminal stdin/stdout)."""
    from hormonecli import cli

    with runner.isolation(input=input, env=env) as streams:
        code = 0
        try:
            cli.main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Outcome(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def spawn_pager(*args: str, dimensions: tuple[int, int] = (24, 80), env_extra: dict | None = None):
    """`hormonecli ARGS` in a real pseudo-terminal of `dimensions` (rows, columns), sized by the
    terminal alone (COLUMNS and LINES removed)."""
    import pexpect

    env = {**os.environ, "TERM": "xterm-256color", **(env_extra or {})}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return pexpect.spawn(sys.executable, ["-m", "hormonecli", *args], env=env, dimensions=dimensions,
                         encoding="utf-8", timeout=20)
