"""Print each direct dependency of pyproject.toml pinned at its declared floor (`name==floor`).

Used by .ci/run to install the oldest versions the project claims to support. A dependency
without a `>=` floor is an error: every floor must be declared to be tested.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

root = Path(__file__).resolve().parent.parent
deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
for dep in deps:
    spec = dep.split(";")[0]
    name = re.match(r"\s*([A-Za-z0-9_.\-]+)", spec)
    floor = re.search(r">=\s*([0-9][A-Za-z0-9.]*)", spec)
    if not name or not floor:
        sys.exit(f"floors: '{dep}' declares no '>=' floor")
    print(f"{name.group(1)}=={floor.group(1)}")
