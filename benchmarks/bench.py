"""Start-up benchmark: whole commands as subprocesses, medians, ratios to `python -c "import typer"`.

    python benchmarks/bench.py [--runs 9] [--times 50] [--skip-big] [--write FILE]

Each command runs once to warm up (and to build caches), then --runs times; the table shows the
median wall time and its ratio to the median of `python -c "import typer"` measured in the same
run. Then the same with a generated content set --times the shipped one (its first search, which
parses the YAML and builds the index, is reported apart), and the peak memory (max RSS) of
`search`. State and caches go to a temporary HORMONECLI_HOME; nothing is written into the repo
unless --write FILE is given. This is a measurement, never a test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

COMMANDS = [
    ("--help", ["--help"], 1.6),
    ("list", ["list"], 1.6),
    ("search myokines", ["search", "myokines"], 1.5),
    ("define GnRH", ["define", "GnRH"], 1.5),
    ("learn hpg-axis --print", ["learn", "hpg-axis", "--print"], 1.8),
]


def program() -> list[str]:
    script = Path(sys.executable).parent / "hormonecli"
    return [str(script)] if script.exists() else [sys.executable, "-m", "hormonecli"]


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def median_of(cmd: list[str], env: dict, runs: int) -> float:
    timed(cmd, env)  # warm-up
    return statistics.median(timed(cmd, env) for _ in range(runs))


def peak_rss_mib(cmd: list[str], env: dict) -> float:
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def table(title: str, rows: list[tuple[str, float, float, float | None]]) -> list[str]:
    lines = [title, f"  {'command':<28} {'median':>9} {'ratio':>7} {'target':>7}  ok"]
    for name, secs, ratio, target in rows:
        ok = "" if target is None else ("yes" if ratio <= target else "NO")
        tgt = "" if target is None else f"{target:.1f}"
        lines.append(f"  {name:<28} {secs * 1000:7.1f}ms {ratio:7.2f} {tgt:>7}  {ok}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--times", type=int, default=50)
    ap.add_argument("--skip-big", action="store_true", help="Skip the generated content set.")
    ap.add_argument("--write", metavar="FILE", help="Also write the report to FILE.")
    args = ap.parse_args()
    if args.runs < 7:
        ap.error("--runs must be at least 7")
    prog = program()
    out: list[str] = [f"python {sys.version.split()[0]} · {args.runs} runs after a warm-up · medians"]
    with tempfile.TemporaryDirectory(prefix="hormonecli-bench-") as tmp:
        env = {**os.environ, "HORMONECLI_HOME": str(Path(tmp) / "home"), "NO_COLOR": "1"}
        env.pop("HORMONECLI_BUILTIN_CONTENT", None)
        env.pop("HORMONECLI_CONTENT_PATH", None)
        # Measure what an installed user gets: Python caches bytecode after the first run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        base = median_of([sys.executable, "-c", "import typer"], env, args.runs)
        out.append(f"baseline  python -c 'import typer'  {base * 1000:.1f}ms")
        rows = []
        for name, argv, target in COMMANDS:
            secs = median_of(prog + argv, env, args.runs)
            rows.append((name, secs, secs / base, target))
        out += table("shipped content", rows)
        cache = Path(tmp) / "home" / "cache"
        cold = []
        for _ in range(args.runs):  # the printed lesson is cached; this is the first print after a change
            for f in cache.glob("print-*.txt"):
                f.unlink()
            cold.append(timed(prog + ["learn", "hpg-axis", "--print"], env))
        cold_s = statistics.median(cold)
        out.append(f"  {'learn --print, render not cached':<28} {cold_s * 1000:>7.1f}ms {cold_s / base:>7.2f}")
        out.append(f"peak memory of 'search myokines': {peak_rss_mib(prog + ['search', 'myokines'], env):.1f} MiB"
                   " (target 40)")
        if not args.skip_big:
            from generate import generate

            big = generate(Path(tmp) / f"content-x{args.times}", args.times)
            size = sum(p.stat().st_size for p in big.rglob("*.yaml")) / 1e6
            benv = {**env, "HORMONECLI_BUILTIN_CONTENT": str(big), "HORMONECLI_HOME": str(Path(tmp) / "home-big")}
            first = timed(prog + ["search", "myokines"], benv)
            out.append("")
            out.append(f"generated content x{args.times} ({size:.1f} MB of YAML)")
            out.append(f"  first search (parse YAML, build the index): {first:.2f}s")
            shutil.rmtree(Path(tmp) / "home-big" / "cache", ignore_errors=True)
            timed(prog + ["list"], benv)  # the library cache alone
            start = time.perf_counter()
            timed(prog + ["search", "myokines"], benv)
            out.append(f"  index build alone (library cache warm): {time.perf_counter() - start:.2f}s")
            base2 = median_of([sys.executable, "-c", "import typer"], env, args.runs)
            rows = []
            for name, argv, target in COMMANDS[2:4]:
                secs = median_of(prog + argv, benv, args.runs)
                rows.append((name, secs, secs / base2, 1.6 if name.startswith("search") else None))
            out += table(f"  with the index built (baseline {base2 * 1000:.1f}ms)", rows)
            out.append(f"  peak memory of 'search myokines': {peak_rss_mib(prog + ['search', 'myokines'], benv):.1f} MiB")
    report = "\n".join(out)
    print(report)
    if args.write:
        Path(args.write).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
