"""Reading YAML strictly: the core schema only, with a line for every path.

Files are composed with the safe loader (libyaml's when present) and converted by
hand, so that every value is checked on the way: aliases and merge keys are refused,
only the core tags are accepted (text, numbers, true/false, null, lists, mappings),
nesting and text size are bounded, and every string has its control characters made
visible. Anything else is a coded finding naming the file and the line.

`Reader` then checks mappings against a schema while model objects are built.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from hormonecli.escapes import clean, shorten

MAX_BYTES = 1_000_000   # per file; the largest shipped module is a fraction of this
MAX_DEPTH = 40          # nesting of lists and mappings; the schema needs about 8
MAX_SCALAR = 20_000     # characters in one value; the longest shipped paragraph is about 1,500

YPath = tuple  # a YAML path: ("levels", "fundamentals", "pages", 0, "blocks", 2)

_CORE = "tag:yaml.org,2002:"
SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    path: str
    line: int
    where: str  # YAML path, e.g. levels.fundamentals.pages[0].blocks[2]
    message: str

    def format(self) -> str:
        loc = f"{self.path}:{self.line}" if self.line else self.path
        at = f" ({self.where})" if self.where else ""
        return f"{loc}: {self.severity} {self.code}: {self.message}{at}"


def yaml_path(p: YPath) -> str:
    out = ""
    for part in p:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Doc:
    """One parsed file: its data, and its YAML nodes to find the line of any path on demand
    (lines are wanted only for findings, so none are worked out while loading)."""

    def __init__(self, path: Path, data: Any, root: Any = None):
        self.path, self.data, self.root = path, data, root

    def line(self, p: Iterable) -> int:
        """The line of a YAML path: a mapping entry's key, a list item, or the deepest part that exists."""
        node = self.root
        if node is None:
            return 0
        line = node.start_mark.line + 1
        for part in p:
            if hasattr(node, "value") and isinstance(node.value, list) and node.value and \
                    isinstance(node.value[0], tuple):  # a mapping: (key, value) pairs
                hit = next(((k, v) for k, v in node.value if isinstance(k.value, str) and clean(k.value) == part), None)
                if hit is None:
                    break
                line, node = hit[0].start_mark.line + 1, hit[1]
            elif hasattr(node, "value") and isinstance(node.value, list) and isinstance(part, int) \
                    and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


class Reader:
    """Collects findings for one file while building model objects."""

    def __init__(self, doc: Doc, findings: list[Finding]):
        self.doc, self.findings = doc, findings

    def add(self, code: str, p: YPath, message: str, severity: str = "error") -> None:
        self.findings.append(
            Finding(code, severity, str(self.doc.path), self.doc.line(p), yaml_path(p), message)
        )

    def mapping(self, value: Any, p: YPath, required: dict, optional: dict) -> dict | None:
        """The mapping when it has every required key, no unknown key and the right types; else None."""
        if not isinstance(value, dict):
            self.add("HC007", p, f"expected a mapping, found {kind_of(value)}")
            return None
        allowed = {**required, **optional}
        for key in value:
            if key not in allowed:
                hint = closest(str(key), allowed)
                self.add("HC005", p + (key,), f"unknown key '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
        ok = True
        for key in required:
            if key not in value:
                self.add("HC006", p, f"missing required key '{key}'")
                ok = False
        for key, want in allowed.items():
            if key in value and not is_a(value[key], want):
                self.add("HC007", p + (key,), f"'{key}' should be {_want(want)}, found {kind_of(value[key])}")
                ok = False
        return value if ok else None

    def strings(self, value: Any, p: YPath) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add("HC007", p, f"expected a list of text, found {kind_of(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                self.add("HC007", p + (i,), f"expected text, found {kind_of(item)}")
        return tuple(out)

    def ident(self, value: str, p: YPath, what: str) -> bool:
        from hormonecli.courseware.names import ID_RE

        if not ID_RE.match(value):
            self.add("HC008", p, f"{what} '{value}' must be lowercase letters, digits and single hyphens")
            return False
        return True


def is_a(value: Any, want: Any) -> bool:
    if want is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if want is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if want is str:
        return isinstance(value, str) and value.strip() != ""
    if want == "cell":
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if want == "scalar":
        return isinstance(value, (str, int, float, bool))
    return isinstance(value, want)


def _want(want: Any) -> str:
    return {str: "non-empty text", int: "a whole number", float: "a number", bool: "true or false",
            list: "a list", dict: "a mapping", "cell": "text or a number", "scalar": "a value"}.get(want, str(want))


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def closest(word: str, choices: Iterable[str]) -> str:
    from hormonecli.courseware.names import suggest

    hits = suggest(word, list(choices), 1)
    return hits[0] if hits else ""


# -- YAML -------------------------------------------------------------------

class _Refused(Exception):
    """A node the reader will not convert: a finding code, a message and a line."""

    def __init__(self, code: str, message: str, line: int):
        self.code, self.message, self.line = code, message, line


def read_yaml(path: Path, findings: list[Finding]) -> Doc | None:
    """Parse one file safely; on failure add a finding (with a line where there is one) and return None."""
    import yaml

    spath = str(path)

    def fail(code: str, message: str, line: int = 0) -> None:
        findings.append(Finding(code, "error", spath, line, "", message))

    try:
        size = path.stat().st_size
    except OSError as exc:
        fail("HC001", f"cannot read file: {exc.strerror or exc}")
        return None
    if size > MAX_BYTES:
        fail("HC002", f"file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raw = path.read_bytes()
        fail("HC001", "file is not UTF-8 text", raw[: exc.start].count(b"\n") + 1)
        return None
    except OSError as exc:
        fail("HC001", f"cannot read file: {exc.strerror or exc}")
        return None
    loader = _loader()
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
        lines_ = text.splitlines()
        at = lines_[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines_) else ""
        if at == "\t" or "\\t" in problem:
            problem = "a tab character is used for indentation; YAML indents with spaces"
        fail("HC001", f"not valid YAML: {clean(problem)}", (mark.line + 1) if mark else 0)
        return None
    except yaml.reader.ReaderError as exc:  # a control character (NUL, ESC…) where YAML allows none
        line = text[: max(0, exc.position)].count("\n") + 1
        fail("HC001", f"not valid YAML: a control character (\\x{exc.character:02x}) is not allowed in a file",
             line)
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        what = "nesting is too deep" if isinstance(exc, RecursionError) else clean(" ".join(str(exc).split()))
        fail("HC001", f"not valid YAML: {what}")
        return None
    if node is None:
        fail("HC001", "file is empty")
        return None
    try:
        data = _convert(node, 0, set())
    except _Refused as exc:
        fail(exc.code, exc.message, exc.line)
        return None
    return Doc(path, data, node)


_LOADER = None


def _loader() -> Any:
    """The safe loader (libyaml's when present) whose plain scalars resolve to the core schema only:
    an unquoted date stays text, and only an explicit tag can ask for anything else (and is refused)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        drop = {_CORE + "timestamp", _CORE + "value"}
        _LOADER = type("CoreLoader", (base,), {"yaml_implicit_resolvers": {
            first: [(tag, rx) for tag, rx in resolvers if tag not in drop]
            for first, resolvers in base.yaml_implicit_resolvers.items()}})
    return _LOADER


_CONSTRUCTOR = None


def _tag(tag: str) -> str:
    return clean("!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag)


def _scalar(node: Any) -> Any:
    global _CONSTRUCTOR
    if node.tag == _CORE + "str":
        if len(node.value) > MAX_SCALAR:
            raise _Refused("HC035", f"a value of {len(node.value):,} characters is longer than the limit "
                           f"({MAX_SCALAR:,})", node.start_mark.line + 1)
        return clean(node.value)  # content can never send escape codes to a terminal; they show as \x1b
    line = node.start_mark.line + 1
    if node.tag not in SCALAR_TAGS:
        raise _Refused("HC034", f"the YAML tag '{_tag(node.tag)}' is not allowed; write plain text, numbers, "
                       "true/false, lists and mappings", line)
    if len(node.value) > MAX_SCALAR:
        raise _Refused("HC035", f"a value of {len(node.value):,} characters is longer than the limit "
                       f"({MAX_SCALAR:,})", line)
    if _CONSTRUCTOR is None:
        import yaml

        _CONSTRUCTOR = yaml.constructor.SafeConstructor()
    try:
        value = _CONSTRUCTOR.construct_object(node)
        _CONSTRUCTOR.constructed_objects.pop(node, None)  # it would keep every node ever read
    except ValueError as exc:  # e.g. an integer of thousands of digits
        _CONSTRUCTOR.recursive_objects.pop(node, None)
        digits = sum(c.isdigit() for c in node.value)
        why = (f"a number of {digits:,} digits is too long" if digits > 1000 else
               f"a value cannot be read as {node.tag.rsplit(':', 1)[-1]}: {shorten(str(exc), 80)}")
        raise _Refused("HC007", why, line) from None
    if isinstance(value, str):
        return clean(value)  # content can never send escape codes to a terminal; they show as \x1b
    return value


def _convert(node: Any, depth: int, seen: set) -> Any:
    import yaml

    if id(node) in seen:
        raise _Refused("HC003", "YAML anchors and aliases are not allowed (this anchor is reused)",
                       node.start_mark.line + 1)
    if depth > MAX_DEPTH:
        raise _Refused("HC035", f"lists and mappings are nested more than {MAX_DEPTH} deep", node.start_mark.line + 1)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if node.tag != _CORE + "map":
            raise _Refused("HC034", f"the YAML tag '{_tag(node.tag)}' is not allowed on a mapping",
                           node.start_mark.line + 1)
        out: dict = {}
        for knode, vnode in node.value:
            if id(knode) in seen or knode.tag == _CORE + "merge":
                raise _Refused("HC003", "YAML anchors and aliases are not allowed (this anchor is reused)",
                               knode.start_mark.line + 1)
            if not isinstance(knode, yaml.ScalarNode):
                raise _Refused("HC007", "a key must be plain text, not a list or a mapping", knode.start_mark.line + 1)
            key = _scalar(knode)
            if key in out:
                raise _Refused("HC005", f"key '{key}' appears twice in one mapping", knode.start_mark.line + 1)
            out[key] = _convert(vnode, depth + 1, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _CORE + "seq":
            raise _Refused("HC034", f"the YAML tag '{_tag(node.tag)}' is not allowed on a list", node.start_mark.line + 1)
        return [_convert(item, depth + 1, seen) for item in node.value]
    return _scalar(node)
