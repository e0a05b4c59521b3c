"""The checks every model class runs when it is built, worked out from its fields' annotations.

One set of rules serves the constructors and ``from_dict`` (whose converter only turns JSON into
Python values and leaves the checking to the constructors). Each field's type is checked from
its annotation, worked out once per class on its first construction; then the class's own
``_check`` looks at the values. The converters here turn a field's list into a tuple, so that
every object hashes.
"""

from __future__ import annotations

import datetime
import enum
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import SimpleNamespace
from typing import Any, Final, TypeAlias

import attrs

from sakhalin._errors import ValidationError
from sakhalin._limits import MAX_DIGITS

__all__ = [
    "UNCHECKED",
    "Problems",
    "article",
    "cite_fields",
    "is_date",
    "kind_of",
    "may_text",
    "need_text",
    "need_texts",
    "problems_of",
    "raise_if",
    "show",
    "split_args",
    "to_pairs",
    "to_tuple",
    "uncited_sources",
    "validate",
    "whole",
]

Problems: TypeAlias = list[tuple[str, str]]


class _Unchecked:
    """Stands for a field that failed to structure: checks pass over it."""

    def __repr__(self) -> str:
        return "<unchecked>"


UNCHECKED: Final = _Unchecked()


def article(word: str) -> str:
    """The word with "a" or "an" before it, as it sounds ("an exact", "a nominal")."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word.replace('_', ' ')}"


def raise_if(cls_name: str, problems: Problems) -> None:
    if problems:
        raise ValidationError([(field, msg) for field, msg in problems], model=cls_name)


# The rules every model class checks when built. One set serves the constructors and
# ``from_dict`` (its converter only turns JSON into Python values and leaves the checking
# to the constructors). Each field's type is checked from its annotation, worked out once
# per class on its first construction; then the class's own ``_check`` looks at the values.


def kind_of(value: object) -> str:
    """What a value is, in words: "a string", "a whole number", "a boolean", "None", "a Person"."""
    kind = type(value)
    name = _KIND_NAMES.get(kind)
    if name is not None:
        return name
    if isinstance(value, enum.Enum):
        return f"a {kind.__name__}"
    return article(kind.__name__) if kind.__name__[:1].islower() else f"a {kind.__name__}"


_KIND_NAMES: Final[dict[type, str]] = {
    type(None): "None",
    bool: "a boolean",
    int: "a whole number",
    float: "a float",
    str: "a string",
    bytes: "bytes",
    list: "a list",
    tuple: "a tuple",
    dict: "a dict",
    set: "a set",
    frozenset: "a frozenset",
    datetime.datetime: "a datetime",
    datetime.date: "a date",
}


def show(value: object, limit: int = 60) -> str:
    """The value's repr, cut to ``limit`` characters (an error message must stay one short line)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _got(value: object) -> str:
    return "got None" if value is None else f"got {kind_of(value)}: {show(value)}"


# A field's check: appends its problems (``field`` names the place) and says whether the value
# has the right type. It is given the value after the field's converter ran.
_Test: TypeAlias = Callable[[object, str, Problems], bool]


def _simple(ok: Callable[[object], bool], what: str, usual: type, optional: bool = False) -> _Test:
    # ``type(value) is usual`` first: a constructor runs one call per field when all is well.
    def test(value: object, field: str, problems: Problems) -> bool:
        if type(value) is usual or (optional and value is None) or ok(value):
            return True
        problems.append((field, "must be given" if value is None else f"expected {what}, {_got(value)}"))
        return False

    return test


def _is_whole(value: object) -> bool:
    return type(value) is int or (isinstance(value, int) and not isinstance(value, bool))


def _is_real(value: object) -> bool:
    return (type(value) is float or _is_whole(value) or isinstance(value, float)) and math.isfinite(value)  # type: ignore[arg-type]


def is_date(value: object) -> bool:
    return type(value) is datetime.date or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    )


_SCALARS: Final[dict[str, tuple[Callable[[object], bool], str, type]]] = {
    "str": (lambda value: isinstance(value, str), "a string", str),
    "int": (_is_whole, "a whole number", int),
    "float": (_is_real, "a finite number", float),
    "bool": (lambda value: type(value) is bool, "true or false", bool),
    "datetime.date": (is_date, "a date (datetime.date, without a time)", datetime.date),
}


def _optional_test(inner: _Test) -> _Test:
    def test(value: object, field: str, problems: Problems) -> bool:
        return value is None or inner(value, field, problems)

    return test


def _sequence_test(item: _Test) -> _Test:
    def test(value: object, field: str, problems: Problems) -> bool:
        if type(value) is not tuple:
            if value is None:
                problems.append((field, "expected a list or tuple, got None"))
            else:
                problems.append((field, f"expected a list or tuple, {_got(value)}"))
            return False
        ok = True
        for i, element in enumerate(value):
            if not item(element, f"{field}[{i}]", problems):
                ok = False
        return ok

    return test


def _pair_test(items: list[_Test]) -> _Test:
    def test(value: object, field: str, problems: Problems) -> bool:
        if type(value) is not tuple or len(value) != len(items):
            problems.append((field, f"expected a tuple of {len(items)} items, {_got(value)}"))
            return False
        ok = True
        for i, (check, element) in enumerate(zip(items, value, strict=True)):
            if not check(element, f"{field}[{i}]", problems):
                ok = False
        return ok

    return test


def split_args(args: str) -> list[str]:
    """``"str, tuple[str, int]"`` -> ``["str", "tuple[str, int]"]``."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(args):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(args[start:i].strip())
            start = i + 1
    parts.append(args[start:].strip())
    return parts


def _test_for(hint: str, names: Mapping[str, object], optional: bool = False) -> _Test:
    """The check of a field annotated ``hint`` (the annotation's text); ``optional``: None is allowed."""
    hint = hint.strip()
    if hint.endswith("| None"):
        return _test_for(hint[: -len("| None")], names, optional=True)
    if hint.startswith("tuple[") and hint.endswith("]"):
        args = split_args(hint[len("tuple[") : -1])
        if len(args) == 2 and args[1] == "...":
            test = _sequence_test(_test_for(args[0], names))
        else:
            test = _pair_test([_test_for(arg, names) for arg in args])
        return _optional_test(test) if optional else test
    if hint in _SCALARS:
        return _simple(*_SCALARS[hint], optional=optional)
    target = names.get(hint)
    if isinstance(target, type) and issubclass(target, enum.Enum):
        allowed = ", ".join(repr(member.value) for member in target)
        return _simple(lambda value: isinstance(value, target), f"one of {allowed}", target, optional)
    if isinstance(target, type) and attrs.has(target):
        return _simple(
            lambda value: isinstance(value, target), f"a {target.__name__} object", target, optional
        )
    raise TypeError(f"the model has no check for fields of type {hint!r}")  # a new field needs one


# Each class's field checks, worked out once: from_dict of the embedded battle takes 0.94 ms
# with this cache, 8 to 15 ms when they are worked out again for every object.
_TESTS: dict[type, tuple[tuple[str, _Test], ...]] = {}


def _tests(cls: type) -> tuple[tuple[str, _Test], ...]:
    tests = _TESTS.get(cls)
    if tests is None:
        names = vars(sys.modules[cls.__module__])
        tests = _TESTS[cls] = tuple(
            (field.name, _test_for(str(field.type), names)) for field in attrs.fields(cls)
        )
    return tests


def problems_of(cls: type, o: Any) -> Problems:
    """Every problem of an object of ``cls`` (or of a namespace holding its fields).

    Fields whose value is ``UNCHECKED`` (they failed to structure) are passed over; the
    class's own checks see a field of the wrong type as ``UNCHECKED``, so that they are
    not misled by it.
    """
    problems: Problems = []
    bad: list[str] = []
    for name, test in _tests(cls):
        value = getattr(o, name)
        if value is not UNCHECKED and not test(value, name, problems):
            bad.append(name)
    if bad:
        fields = {field.name: getattr(o, field.name) for field in attrs.fields(cls)}
        fields.update(dict.fromkeys(bad, UNCHECKED))
        o = SimpleNamespace(**fields)
    check: Callable[[Any], Problems] = cls._check  # type: ignore[attr-defined]
    problems.extend(check(o))
    return problems


def validate(o: Any) -> None:
    cls = type(o)
    raise_if(cls.__name__, problems_of(cls, o))


# The converters of the sequence fields: a list or another iterable becomes a tuple, so that
# objects are hashable and compare equal however they were built. A string, bytes, a mapping
# or a set is left as it is, for the field's check to refuse (a set has no order to keep).

_NOT_SEQUENCES: Final = (str, bytes, bytearray, Mapping, set, frozenset)


def to_tuple(value: Any) -> Any:
    if type(value) is tuple or isinstance(value, _NOT_SEQUENCES) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def to_pairs(value: Any) -> Any:
    value = to_tuple(value)
    if type(value) is tuple and any(type(pair) is not tuple for pair in value):
        return tuple(map(to_tuple, value))
    return value


_LARGEST = 10**MAX_DIGITS - 1


def whole(problems: Problems, field: str, value: object) -> bool:
    """Whether ``value`` is a whole number that can be written out; notes one that is too long."""
    if not isinstance(value, int):
        return False
    if -_LARGEST <= value <= _LARGEST:
        return True
    problems.append((field, f"has more than {MAX_DIGITS} digits"))
    return False


def need_text(problems: Problems, field: str, value: object) -> None:
    # (``not value or value.isspace()`` is ``not value.strip()`` without making a new string)
    if value is None:
        problems.append((field, "must be given"))
    elif isinstance(value, str) and (not value or value.isspace()):
        problems.append((field, "must not be empty or blank"))


def may_text(problems: Problems, field: str, value: object) -> None:
    if isinstance(value, str) and (not value or value.isspace()):
        problems.append((field, "must not be empty or blank"))


def need_texts(problems: Problems, field: str, values: object) -> None:
    if not isinstance(values, tuple):
        return
    for i, value in enumerate(values):
        if isinstance(value, str) and (not value or value.isspace()):
            problems.append((f"{field}[{i}]", "must not be empty or blank"))


# The walk that finds citations to undeclared sources visits only the fields that can hold a
# citation (worked out once per class) and collects the keys cited; only when one is not
# declared is the object walked again to name each bad citation's place.

# (from_dict of the embedded battle: 0.94 ms with this cache, 2.8 ms without.)
_CITE_FIELDS: dict[type, tuple[str, ...]] = {}


def cite_fields(cls: type, citation: type) -> tuple[str, ...]:
    """The fields of ``cls`` that hold a ``citation``, directly or deeper down."""
    found = _CITE_FIELDS.get(cls)
    if found is None:
        _CITE_FIELDS[cls] = ()  # the model has no cycles, but stay safe
        names = vars(sys.modules[cls.__module__])
        found = _CITE_FIELDS[cls] = tuple(
            field.name for field in attrs.fields(cls) if _may_cite(str(field.type), names, citation)
        )
    return found


def _may_cite(hint: str, names: Mapping[str, object], citation: type) -> bool:
    for name in hint.replace("[", " ").replace("]", " ").replace(",", " ").replace("|", " ").split():
        target = names.get(name)
        if target is citation or (
            isinstance(target, type) and attrs.has(target) and cite_fields(target, citation)
        ):
            return True
    return False


def _cited_keys(value: Any, citation: type, keys: set[object]) -> None:
    kind = type(value)
    if kind is citation:
        keys.add(value.source)
    elif kind is tuple:
        for item in value:
            _cited_keys(item, citation, keys)
    elif value is not None:
        for name in cite_fields(kind, citation):
            _cited_keys(getattr(value, name), citation, keys)


def _citations_at(value: Any, citation: type, path: str) -> Iterator[tuple[str, Any]]:
    kind = type(value)
    if kind is citation:
        yield path, value
    elif kind is tuple:
        for i, item in enumerate(value):
            yield from _citations_at(item, citation, f"{path}[{i}]")
    elif value is not None:
        for name in cite_fields(kind, citation):
            yield from _citations_at(getattr(value, name), citation, f"{path}.{name}")


def uncited_sources(o: Any, cls: type, citation: type, declared: set[object]) -> list[tuple[str, Any]]:
    """Each ``citation`` inside ``o`` (of class ``cls``) whose source is not ``declared``, with its path."""
    keys: set[object] = set()
    fields = cite_fields(cls, citation)
    for name in fields:
        _cited_keys(getattr(o, name), citation, keys)
    if keys <= declared:
        return []
    return [
        (path, found)
        for name in fields
        for path, found in _citations_at(getattr(o, name), citation, name)
        if found.source not in declared
    ]
