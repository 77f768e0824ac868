"""Wheel build hook: the shipped course goes into the wheel already parsed, indexed and printed.

See src/hormonecli/prebuild.py. Editable installs skip it: a checkout builds its caches on
first use, like a content pack.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltCaches(BuildHookInterface):
    PLUGIN_NAME = "prebuilt-caches"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        out = Path(tempfile.mkdtemp(prefix="hormonecli-prebuilt-"))
        home = Path(tempfile.mkdtemp(prefix="hormonecli-build-home-"))
        saved = {k: os.environ.get(k) for k in ("HORMONECLI_HOME", "HORMONECLI_BUILTIN_CONTENT", "NO_COLOR")}
        os.environ.update(HORMONECLI_HOME=str(home), HORMONECLI_BUILTIN_CONTENT=str(root / "content"), NO_COLOR="1")
        try:
            from hormonecli.prebuild import build

            build(out)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            sys.path.remove(str(root / "src"))
        build_data["force_include"][str(out)] = "hormonecli/_prebuilt"
