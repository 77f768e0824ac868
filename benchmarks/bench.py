"""Speed and memory of whole commands: medians of real processes, as ratios to `python -c "import typer"`.

    python benchmarks/bench.py [--runs 9] [--scales 10,50] [--big 200] [--editable] [--write FILE]

By default the package is built into a wheel and installed into a temporary folder, so every row
measures what a learner's install does (the wheel carries the shipped course's prebuilt caches);
--editable measures the checkout instead. Each row is a median of --runs runs after a warm-up,
shown with its interquartile range, and divided by the median of `python -c "import typer"`
measured just before it. Sections:

- warm: the quick commands with their caches built;
- first run after install: a new state and cache folder for every run;
- after a content-pack file changed: one file of a pack is edited before every run;
- scale: a pack of N-1 copies of every module beside the shipped course (--scales), its first
  command (parse, summarise, index) with peak memory, then warm commands; --big adds a warm
  search at a larger scale.

Commands run as a learner's do, without HORMONECLI_HOME: HOME is a temporary folder, so state
and caches are found (and made) the way a user's are. Nothing is written into the repository unless
--write FILE is given. This is a measurement, never a test.
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
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

WARM = [
    ("--help", ["--help"], 1.6),
    ("list", ["list"], 1.6),
    ("welcome (no command)", [], 1.6),
    ("search myokines", ["search", "myokines"], 1.5),
    ("define GnRH", ["define", "GnRH"], 1.5),
    ("claims", ["claims"], 1.5),
    ('claims "…"', ["claims", "our peptide protocol restores the growth hormone of your twenties"], 1.5),
    ("learn hpg-axis --print", ["learn", "hpg-axis", "--print"], 1.8),
    ("progress", ["progress"], 1.8),
]
#: Tab completion runs the program on every key press: (name, what bash sets, target ratio)
COMPLETIONS = [
    ("complete: learn h<TAB>", {"COMP_WORDS": "hormonecli learn h", "COMP_CWORD": "2"}, 1.5),
    ("complete: define GnR<TAB>", {"COMP_WORDS": "hormonecli define GnR", "COMP_CWORD": "2"}, 1.5),
]
COLD = [
    ("search myokines", ["search", "myokines"], 2.0),
    ("learn hpg-axis --print", ["learn", "hpg-axis", "--print"], 2.0),
    ("list", ["list"], 1.8),
]


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def stats(samples: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(samples, n=4) if len(samples) > 1 else [samples[0]] * 3
    return statistics.median(samples), q[0], q[2]


def runs_of(cmd: list[str], env: dict, runs: int, before=None) -> list[float]:
    out = []
    for _ in range(runs):
        if before is not None:
            before()
        out.append(timed(cmd, env))
    return out


def peak_rss_mib(cmd: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak MiB of the largest process) of one run."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], env=env, capture_output=True, text=True, check=True)
    secs, kib = out.stdout.split()
    return float(secs), int(kib) / 1024  # Linux reports KiB


class Report:
    def __init__(self, runs: int):
        self.runs = runs
        self.lines: list[str] = []
        self.misses: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def baseline(self, env: dict) -> float:
        base = stats(runs_of([sys.executable, "-c", "import typer"], env, self.runs))[0]
        self.say(f"  baseline: python -c 'import typer'  {base * 1000:.1f} ms")
        return base

    def row(self, name: str, samples: list[float], base: float, target: float | None) -> None:
        med, lo, hi = stats(samples)
        ratio = med / base
        ok = "" if target is None else ("ok" if ratio <= target else "MISSED")
        if ok == "MISSED":
            self.misses.append(name)
        tgt = f"≤ {target:.1f}" if target is not None else ""
        self.say(f"  {name:<34} {med * 1000:7.1f} ms  [{lo * 1000:6.1f}–{hi * 1000:6.1f}]  "
                 f"{ratio:5.2f}×  {tgt:>6}  {ok}")


def install_wheel(tmp: Path) -> tuple[list[str], dict]:
    dist, site = tmp / "dist", tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    wheel = next(dist.glob("hormonecli-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, stdout=subprocess.DEVNULL)
    return ([sys.executable, "-c", "import sys; from hormonecli.cli import main; sys.exit(main())"],
            {"PYTHONPATH": str(site)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--scales", default="10,50", help="Pack sizes, as multiples of the course (default 10,50).")
    ap.add_argument("--big", type=int, default=0, help="Also a warm search at this multiple (e.g. 200).")
    ap.add_argument("--editable", action="store_true", help="Measure the checkout, not a built wheel.")
    ap.add_argument("--write", metavar="FILE", help="Also write the report to FILE.")
    args = ap.parse_args()
    if args.runs < 5:
        ap.error("--runs must be at least 5")
    from generate import generate

    rep = Report(args.runs)
    with tempfile.TemporaryDirectory(prefix="hormonecli-bench-") as tmp_:
        tmp = Path(tmp_)
        env = {**os.environ, "NO_COLOR": "1"}
        # a learner's setting: no HORMONECLI_HOME, so state and caches are found the way a user's are
        # (HOME moves to a temporary folder instead)
        for k in ("HORMONECLI_BUILTIN_CONTENT", "HORMONECLI_CONTENT_PATH", "HORMONECLI_CACHE", "HORMONECLI_PREBUILT",
                  "HORMONECLI_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PYTHONDONTWRITEBYTECODE", "COLUMNS"):
            env.pop(k, None)
        if args.editable:
            script = Path(sys.executable).parent / "hormonecli"
            prog = [str(script)] if script.exists() else [sys.executable, "-m", "hormonecli"]
            what = "the checkout (editable)"
        else:
            prog, extra = install_wheel(tmp)
            env.update(extra)
            what = "the wheel, installed"
        rep.say(f"python {sys.version.split()[0]} · {what} · {args.runs} runs after a warm-up · "
                "median [interquartile range] · ratio to the baseline measured just before")

        rep.say("\nwarm: shipped course, caches built")
        env["HOME"] = str(tmp / "home")
        for _, argv, _ in WARM:
            timed(prog + argv, env)
        base = rep.baseline(env)
        for name, argv, target in WARM:
            rep.row(name, runs_of(prog + argv, env, args.runs), base, target)
        for name, words, target in COMPLETIONS:
            tab_env = {**env, "_HORMONECLI_COMPLETE": "complete_bash", **words}
            rep.row(name, runs_of(prog, tab_env, args.runs), base, target)
        _, mib = peak_rss_mib(prog + ["search", "myokines"], env)
        rep.say(f"  peak memory of 'search myokines': {mib:.1f} MiB")

        rep.say("\nfirst run after install: new state and cache folders every run")
        base = rep.baseline(env)
        counter = [0]

        def fresh_home() -> None:
            counter[0] += 1
            env["HOME"] = str(tmp / f"cold-{counter[0]}")

        for name, argv, target in COLD:
            rep.row(name, runs_of(prog + argv, env, args.runs, fresh_home), base, target)

        rep.say("\nafter one content-pack file changed (a pack of one copy of every module)")
        pack = generate(tmp / "pack-x2", 2, pack=True)
        env["HOME"] = str(tmp / "home-pack")
        edited = pack / "modules" / "hpg-axis-2.yaml"
        cmd = prog + ["--content-dir", str(pack), "learn", "hpg-axis-2", "--print"]
        timed(cmd, env)
        base = rep.baseline(env)

        def edit() -> None:
            with open(edited, "a", encoding="utf-8") as fh:
                fh.write("# edited\n")

        rep.row("learn hpg-axis-2 --print", runs_of(cmd, env, args.runs, edit), base, 3.0)

        scales = [int(x) for x in args.scales.split(",") if x.strip()]
        targets = {10: (1.5, 80), 50: (8.0, 200)}
        for n in scales + ([args.big] if args.big else []):
            big = generate(tmp / f"pack-x{n}", n, pack=True)
            size = sum(p.stat().st_size for p in big.rglob("*.yaml")) / 1e6
            env["HOME"] = str(tmp / f"home-x{n}")
            rep.say(f"\nscale ×{n}: the course plus a pack of {n - 1} copies of every module ({size:.1f} MB of YAML)")
            pargs = prog + ["--content-dir", str(big)]
            secs, mib = peak_rss_mib(pargs + ["search", "myokines"], env)
            t_s, t_m = targets.get(n, (None, None))
            verdict = "" if t_s is None else ("ok" if secs <= t_s and mib <= t_m else "MISSED")
            if verdict == "MISSED":
                rep.misses.append(f"×{n} first command")
            limit = f"   (target ≤ {t_s:g} s, ≤ {t_m} MiB) {verdict}" if t_s else ""
            rep.say(f"  first command (search myokines: parse, summarise, index): {secs:.2f} s, "
                    f"peak {mib:.0f} MiB{limit}")
            if n == args.big:
                base = rep.baseline(env)
                rep.row("search myokines (warm)", runs_of(pargs + ["search", "myokines"], env, args.runs), base, 1.6)
                continue
            for argv in (["progress"], ["learn", "hpg-axis", "--print"]):
                timed(pargs + argv, env)
            base = rep.baseline(env)
            rep.row("progress (warm)", runs_of(pargs + ["progress"], env, args.runs), base, 1.8 if n == 10 else None)
            rep.row("learn hpg-axis --print (warm)", runs_of(pargs + ["learn", "hpg-axis", "--print"], env, args.runs),
                    base, 1.6 if n == 10 else None)
            rep.row("search myokines (warm)", runs_of(pargs + ["search", "myokines"], env, args.runs), base,
                    1.6 if n == 10 else None)
            sentence = next(argv for name, argv, _ in WARM if name == 'claims "…"')
            rep.row('claims "…" (warm)', runs_of(pargs + sentence, env, args.runs), base, 1.6 if n == 10 else None)
            rep.row("claims --label not-established (warm)",
                    runs_of(pargs + ["claims", "--label", "not-established"], env, args.runs), base, None)
            shutil.rmtree(big, ignore_errors=True)
        rep.say("")
        rep.say("every target met" if not rep.misses else f"targets missed: {', '.join(rep.misses)}")
    if args.write:
        Path(args.write).write_text("\n".join(rep.lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
