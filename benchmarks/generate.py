"""Generate a content set N times the shipped one (default 50x), for the benchmark.

    python benchmarks/generate.py OUT_DIR [--times 50] [--source content] [--pack]

Module k of each shipped module becomes `<slug>-k` (its question ids and glossary term ids get
the same suffix, so every id stays unique); references are shared. With --pack, only the copies
are written (k = 2..N), as a content pack to add with --content-dir beside the shipped course.
Writes only into OUT_DIR.
"""
from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(out: Path, times: int = 50, source: Path = ROOT / "content", pack: bool = False) -> Path:
    if out.exists():
        shutil.rmtree(out)
    for kind in ("modules", "glossary", "references"):
        (out / kind).mkdir(parents=True)
    if not pack:
        shutil.copytree(source / "references", out / "references", dirs_exist_ok=True)
    for path in sorted((source / "glossary").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not pack:
            shutil.copy(path, out / "glossary" / path.name)
        for k in range(2, times + 1):
            copy = re.sub(r"^(  - id: )(\S+)", rf"\g<1>\g<2>-x{k}", text, flags=re.M)
            (out / "glossary" / f"{path.stem}-{k}.yaml").write_text(copy, encoding="utf-8")
    for path in sorted((source / "modules").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not pack:
            shutil.copy(path, out / "modules" / path.name)
        head, sep, questions = text.partition("\nquestions:")
        for k in range(2, times + 1):
            slug = f"{path.stem}-{k}"
            h = re.sub(r"^slug: .*$", f"slug: {slug}", head, count=1, flags=re.M)
            h = re.sub(r"^aliases: .*$", "aliases: []", h, count=1, flags=re.M)
            q = re.sub(r"^(  - id: )(\S+)", rf"\g<1>\g<2>-x{k}", questions, flags=re.M)
            (out / "modules" / f"{slug}.yaml").write_text(h + sep + q, encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--times", type=int, default=50)
    ap.add_argument("--source", type=Path, default=ROOT / "content")
    ap.add_argument("--pack", action="store_true", help="Only the copies, as a pack beside the shipped course.")
    args = ap.parse_args()
    out = generate(args.out, args.times, args.source, args.pack)
    size = sum(p.stat().st_size for p in out.rglob("*.yaml"))
    print(f"wrote {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
