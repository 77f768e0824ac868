"""Model objects to plain JSON data and back, checked on the way in.

Caches hold data, never code: a module, a glossary or a bibliography is written as
JSON and read back through `decode`, which checks every value against the model's
field types and cleans every string, so a damaged or planted cache file is refused
(ValueError) rather than trusted.
"""
from __future__ import annotations

import dataclasses
import sys
import types
import typing
from functools import lru_cache
from typing import Any, Callable, Union

from hormonecli.courseware import model as m
from hormonecli.escapes import clean

#: Every model class that can appear in a cache, by name (the "@" tag of a block).
CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    m.Paragraph, m.Heading, m.BulletList, m.KeyPoints, m.Table, m.Step, m.Feedback, m.Diagram, m.ChartPoint,
    m.Chart, m.Callout, m.Claim, m.Page, m.Level, m.Option, m.OrderItem, m.MatchPair, m.Question, m.Module,
    m.Term, m.Reference,
)}
BLOCKS = typing.get_args(m.Block)


def encode(obj: Any) -> Any:
    """A model object as JSON-ready data (dataclasses become dicts; blocks carry their class as "@")."""
    if isinstance(obj, (tuple, list)):
        return [encode(x) for x in obj]
    if isinstance(obj, dict):
        return {k: encode(v) for k, v in obj.items()}
    enc = _ENCODERS.get(type(obj))
    return enc(obj) if enc is not None else obj


def _encoder(cls: type) -> Callable[[Any], Any]:
    names = [f.name for f in dataclasses.fields(cls)]
    tag = cls.__name__ if cls in BLOCKS else None

    def enc(obj: Any) -> Any:
        out = {name: encode(getattr(obj, name)) for name in names}
        if tag:
            out["@"] = tag
        return out
    return enc


_ENCODERS: dict[type, Callable[[Any], Any]] = {cls: _encoder(cls) for cls in CLASSES.values()}


def decode(data: Any, want: Any) -> Any:
    """`data` checked against the type `want` (a model class, or a typing form over them); ValueError if not."""
    return _decoder(want)(data)


def _fail(message: str) -> Any:
    raise ValueError(message)


def _text(data: Any) -> str:
    return clean(data) if isinstance(data, str) else _fail(f"expected text, found {type(data).__name__}")


def _bool(data: Any) -> bool:
    return data if isinstance(data, bool) else _fail("expected true/false")


def _int(data: Any) -> int:
    return data if isinstance(data, int) and not isinstance(data, bool) else _fail("expected a whole number")


def _float(data: Any) -> float:
    if isinstance(data, (int, float)) and not isinstance(data, bool) and data == data:
        return float(data)
    return _fail("expected a number")


def _none(data: Any) -> None:
    if data is not None:
        _fail("expected nothing")


@lru_cache(maxsize=None)
def _decoder(want: Any) -> Callable[[Any], Any]:
    simple = {str: _text, bool: _bool, int: _int, float: _float, type(None): _none}
    if want in simple:
        return simple[want]
    origin = typing.get_origin(want)
    if origin is Union or origin is types.UnionType:
        options = typing.get_args(want)
        if all(o in CLASSES.values() for o in options):  # a block: tagged by its class name
            by_tag = {o.__name__: _decoder(o) for o in options}

            def tagged(data: Any) -> Any:
                dec = by_tag.get(data.get("@")) if isinstance(data, dict) else None
                return dec(data) if dec is not None else _fail("unexpected block")
            return tagged
        decs = [_decoder(o) for o in options]  # in order: bool before float matters for bool | float | None

        def either(data: Any) -> Any:
            for dec in decs:
                try:
                    return dec(data)
                except ValueError:
                    continue
            return _fail(f"no type of {want} fits")
        return either
    if origin is tuple:
        args = typing.get_args(want)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def many(data: Any) -> tuple:
                return tuple(item(x) for x in data) if isinstance(data, list) else _fail("expected a list")
            return many
        decs = [_decoder(a) for a in args]

        def fixed(data: Any) -> tuple:
            if not isinstance(data, list) or len(data) != len(decs):
                return _fail("expected a list")
            return tuple(dec(x) for dec, x in zip(decs, data))
        return fixed
    if origin is dict:
        kt, vt = (_decoder(a) for a in typing.get_args(want))

        def mapping(data: Any) -> dict:
            return {kt(k): vt(v) for k, v in data.items()} if isinstance(data, dict) else _fail("expected a mapping")
        return mapping
    if isinstance(want, type) and dataclasses.is_dataclass(want):
        return _record(want)
    raise ValueError(f"cannot check {want!r}")


def _record(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    fields = [(f.name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
              for f in dataclasses.fields(cls)]
    allowed = {name for name, _ in fields} | {"@"}
    decs: dict[str, Callable[[Any], Any]] = {}

    def record(data: Any) -> Any:
        if not isinstance(data, dict):
            return _fail(f"expected a {cls.__name__}")
        if not decs:
            decs.update({name: _decoder(hints[name]) for name, _ in fields})
        if not allowed.issuperset(data):
            return _fail(f"unknown field in {cls.__name__}")
        kwargs = {}
        for name, required in fields:
            if name in data:
                kwargs[name] = decs[name](data[name])
            elif required:
                return _fail(f"{cls.__name__} lacks {name!r}")
        return cls(**kwargs)
    return record
