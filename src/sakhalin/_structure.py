"""Structuring: plain data into the model, every problem named by its path; and to_dict, the way out.

One path builds: :func:`structure` walks the data through the model's own constructors
(which run every check), a builder worked out once per class from its fields' types. When
the data is not a valid battle, the cattrs converter (:data:`converter`) structures it again
only to find *every* problem, with its path, for :class:`ValidationError`; it never builds
what the builder refused (if it could, that is a bug in the builder, and it is raised as
one). Importing cattrs and generating its functions costs more than the rest of
``import sakhalin`` together, so valid data, such as the embedded battle, never needs it.
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections import abc
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from sakhalin import _model
from sakhalin._checks import UNCHECKED, kind_of, problems_of, show, split_args
from sakhalin._errors import ValidationError
from sakhalin._limits import MAX_PROBLEMS
from sakhalin._model import (
    Battle,
    CasualtyKind,
    Fate,
    Precision,
    Qualifier,
)

if TYPE_CHECKING:
    import cattrs
    from cattrs.errors import ClassValidationError

__all__ = ["FORMAT_VERSION", "battle_from", "converter", "from_dict", "plain", "structure", "to_dict"]

T = TypeVar("T")

FORMAT_VERSION = 1
"""The version of the plain-data (JSON) format: ``to_dict`` puts it first, as ``format_version``.

``from_dict`` reads this version and every older one, and the data written before the key
existed (the same shape as version 1); it refuses a newer version, before anything else, in
one line. Raise it when a change to the model means that an older sakhalin would misread the
data (a field renamed or given a new meaning); a new field with a default needs no new version,
since older readers refuse unknown fields anyway.
"""

VERSION_KEY = "format_version"

# cattrs is imported, and the converter built, on first use: ``import sakhalin``,
# ``sakhalin.load()`` and ``to_dict`` do without it (see docs/performance.md).
converter: cattrs.Converter
"""The converter (built on first use)."""


def __getattr__(name: str) -> Any:
    if name == "converter":
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _WrongType(TypeError):
    pass


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else type(value).__name__)


def _as_is(value: object, _: type) -> object:
    """Strings, whole numbers and booleans come in as they are: the model's constructors check them."""
    return value


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        raise _WrongType(f"expected an ISO 8601 date string, got {_kind(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _WrongType(f"expected an ISO 8601 date (YYYY-MM-DD), got {value!r}") from None


def _structure_enum(value: object, cls: type[enum.Enum]) -> object:
    """A member from its value; anything else is left for the model's check to refuse."""
    try:
        return cls(value)
    except (ValueError, TypeError):
        return value


def _is_tuple(cls: Any) -> bool:
    return getattr(cls, "__origin__", None) is tuple


class _MoreItems(Exception):
    """How many more items of a list failed than the error keeps."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def _tuple_hook_factory(cls: Any) -> Callable[[object, Any], object]:
    """Tuples come from JSON lists; anything else is left for the model's check to refuse."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    args = cls.__args__
    if len(args) == 2 and args[1] is Ellipsis:
        item_type = args[0]
        structure_item = _converter().get_structure_hook(item_type)

        def structure_homogenous(value: object, _: Any) -> object:
            """The items, or an error keeping the first MAX_PROBLEMS failed items and counting the rest.

            Each kept exception holds its frames: keeping all of a list of 150,000 bad items
            took 860 MB (2 MB of JSON); counted and dropped, they take nothing.
            """
            if not isinstance(value, list | tuple):
                return value
            out: list[Any] = []
            failed: list[Exception] = []
            more = 0
            for i, item in enumerate(value):
                try:
                    out.append(structure_item(item, item_type))
                except Exception as exc:  # every failure is reported (or counted) below
                    if len(failed) < MAX_PROBLEMS:
                        exc.__notes__ = [
                            IterableValidationNote(f"Structuring {cls} @ index {i}", i, item_type)
                        ]
                        failed.append(exc)
                    else:
                        more += 1
            if failed:
                raise IterableValidationError(
                    f"While structuring {cls!r}", [*failed, *([_MoreItems(more)] if more else [])], cls
                )
            return tuple(out)

        return structure_homogenous

    def structure_fixed(value: object, _: Any) -> object:
        if not isinstance(value, list | tuple) or len(value) != len(args):
            return value
        return tuple(_converter().structure(item, arg) for item, arg in zip(value, args, strict=True))

    return structure_fixed


def _attrs_hook_factory(cls: Any) -> Callable[[object, Any], Any]:
    """Model classes come from JSON objects; when a field fails, the class's own checks still run.

    cattrs cannot build an object whose field failed to structure, so the object's own
    checks (blank names, ranges, ...) would go unreported. Here they run on the fields that
    did structure, so one error lists every problem at every level.
    """
    from cattrs.errors import ClassValidationError
    from cattrs.gen import make_dict_structure_fn

    inner = make_dict_structure_fn(cls, _converter())

    def structure_model(value: object, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _WrongType(f"expected an object, got {_kind(value)}")
        try:
            return inner(value, cls)
        except ClassValidationError as exc:
            more = _own_checks(cls, value, exc)
            if more:
                raise ClassValidationError(
                    exc.message, [*exc.exceptions, ValidationError(more)], cls
                ) from None
            raise

    return structure_model


def _own_checks(cls: Any, value: dict[str, Any], exc: ClassValidationError) -> list[tuple[str, str]]:
    if getattr(cls, "_check", None) is None:
        return []
    failed = {note.name for _, note in exc.group_exceptions()[0]}
    if not failed:  # every field structured: the class's own checks have run already
        return []
    attrs.resolve_types(cls)
    fields: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name in failed:
            fields[field.name] = UNCHECKED
        elif field.name in value:
            fields[field.name] = _converter().structure(value[field.name], field.type)
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            fields[field.name] = field.default.factory()
        elif field.default is not attrs.NOTHING:
            fields[field.name] = field.default
        else:
            fields[field.name] = UNCHECKED
    return problems_of(cls, SimpleNamespace(**fields))


@functools.cache
def _converter() -> cattrs.Converter:
    import cattrs

    made = cattrs.Converter(
        detailed_validation=True,
        forbid_extra_keys=True,
        unstruct_collection_overrides={abc.Sequence: list},
    )
    globals()["converter"] = made  # the hooks below find it as a global from now on
    for scalar in (str, int, bool, float):
        made.register_structure_hook(scalar, _as_is)
    made.register_structure_hook(datetime.date, _structure_date)
    made.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    # The enums are str subclasses: without hooks of their own they would take the str hook.
    for enum_cls in (CasualtyKind, Fate, Precision, Qualifier):
        made.register_structure_hook(enum_cls, _structure_enum)
    made.register_structure_hook_factory(_is_tuple, _tuple_hook_factory)
    made.register_structure_hook_factory(attrs.has, _attrs_hook_factory)
    return made


def _problems(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """Every problem an exception from structuring holds, each with its path."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

    if isinstance(exc, ClassValidationError):
        found: list[tuple[str, str]] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            found.extend(_problems(sub, f"{path}.{note.name}"))
        for sub in without:
            found.extend(_problems(sub, path))
        return found
    if isinstance(exc, IterableValidationError):
        found = []
        indexed, loose = exc.group_exceptions()
        for sub, where in indexed:
            found.extend(_problems(sub, f"{path}[{where.index!r}]"))
        for sub in loose:
            found.extend(_problems(sub, path))
        return found
    if isinstance(exc, ValidationError):
        return [
            (f"{path}.{field}" if not field.startswith("[") else f"{path}{field}", msg)
            for field, msg in exc.problems
        ]
    if isinstance(exc, ForbiddenExtraKeysError):
        return [(f"{path}.{key}", "unknown field") for key in sorted(exc.extra_fields)]
    if isinstance(exc, KeyError):
        # The note on a missing field already names it.
        return [(path, "required field is missing")]
    if isinstance(exc, _WrongType):
        return [(path, str(exc))]
    if isinstance(exc, _MoreItems):
        # one entry per failed item not kept, so that errors count them (the same tuple: cheap)
        return [(path, f"an item after the first {MAX_PROBLEMS} failed ones has a problem too")] * exc.count
    if isinstance(exc, AttributeError | TypeError) and not isinstance(exc, _WrongType):
        # cattrs reads fields with obj[name]: anything but a mapping fails here.
        return [(path, f"expected an object ({exc})")]
    return [(path, str(exc) or type(exc).__name__)]


# The builder: a maker for each field of each model class, from the field's type. It takes
# exactly what the converter's hooks take (below), and raises _Unknown, TypeError or
# ValueError (the model's ValidationError) where the data is not valid.

_Make = Callable[[Any], Any] | None  # None: the JSON value is the field's value as it is


class _Unknown(Exception):
    """Data the builder does not take (a wrong type, an unknown field): cattrs says what is wrong."""


# Each class's builder is worked out once: from_dict of 300 of benchmarks/run.py's battles
# takes 0.19 s with this cache, 0.64 s without.
_PLANS: dict[type[Any], tuple[tuple[str, _Make], ...]] = {}


def _build(cls: type[Any], data: Any) -> Any:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple((field.name, _maker(field.type)) for field in attrs.fields(cls))
    if not isinstance(data, dict):
        raise _Unknown(cls.__name__)
    kwargs = {name: data[name] if make is None else make(data[name]) for name, make in plan if name in data}
    if len(kwargs) != len(data):
        raise _Unknown(f"{cls.__name__}: unknown fields")
    return cls(**kwargs)


def _optional(make: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else make(value)


def _homogenous(make: _Make) -> Callable[[Any], Any]:
    if make is None:
        return _tuple
    return lambda value: tuple(map(make, _list(value)))


def _fixed(makes: list[_Make]) -> Callable[[Any], Any]:
    def build(value: Any) -> tuple[Any, ...]:
        items = _list(value)
        if len(items) != len(makes):
            raise _Unknown("wrong length")
        return tuple(item if make is None else make(item) for make, item in zip(makes, items, strict=True))

    return build


def _list(value: Any) -> list[Any] | tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        raise _Unknown("not a list")
    return value


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(_list(value))


def _date(value: Any) -> datetime.date:
    if not isinstance(value, str):
        raise _Unknown("not a date")
    return datetime.date.fromisoformat(value)


def _maker(hint: object) -> _Make:
    if not isinstance(hint, str):
        raise _Unknown(repr(hint))
    text = hint.replace(" ", "")
    if text.endswith("|None"):
        inner = _maker(text[: -len("|None")])
        return None if inner is None else _optional(inner)
    if text.startswith("tuple[") and text.endswith("]"):
        args = split_args(text[len("tuple[") : -1])
        if len(args) == 2 and args[1] == "...":
            return _homogenous(_maker(args[0]))
        return _fixed([_maker(arg) for arg in args])
    if text in ("str", "int", "bool", "float"):
        return None  # as it is: the constructor checks it
    if text == "datetime.date":
        return _date
    target = getattr(_model, text, None)
    if isinstance(target, type) and issubclass(target, enum.Enum):
        return target
    if isinstance(target, type) and attrs.has(target):
        return functools.partial(_build, target)
    raise _Unknown(hint)


def structure(data: object, cls: type[T], *, path: str = "$") -> T:
    """Plain data as a model class; bad data raises :class:`ValidationError` naming every problem."""
    if not attrs.has(cls):  # (a field's own type: the converter's hooks are the one path)
        return _structured(data, cls, path)
    try:
        built: T = _build(cls, data)
        return built
    except (_Unknown, TypeError, ValueError) as exc:
        refused = exc
    _structured(data, cls, path)
    raise AssertionError(f"the builder refused data the converter takes: {refused!r}")


def _structured(data: object, cls: type[T], path: str) -> T:
    """The converter's structuring of the data; bad data raises ValidationError naming every problem."""
    made = _converter()
    from cattrs.errors import ClassValidationError, IterableValidationError

    try:
        return made.structure(data, cls)
    except (ClassValidationError, IterableValidationError, TypeError, ValueError, KeyError) as exc:
        raise ValidationError(_problems(exc, path)) from None


def to_dict(battle: Battle) -> dict[str, Any]:
    """The battle as plain JSON-compatible data: dicts, lists, str, int, bool and None.

    The first key, ``format_version``, is the version of this format (now 1), so that a later
    sakhalin can tell old data from new. Dates become ISO 8601 strings and enumerations their
    string values; every field follows, in the order the model declares it. :func:`from_dict` is
    the exact inverse.

    Args:
        battle: the battle.

    Returns:
        A new dict, safe to change and to pass to :func:`json.dumps`.

    .. versionadded:: 0.1.0

    """
    data: dict[str, Any] = {VERSION_KEY: FORMAT_VERSION}
    data.update(plain(battle))
    return data


# to_dict walks the model itself rather than through cattrs: the data has one obvious
# shape, and generating cattrs' unstructuring functions costs more than a small export.
# tests/test_performance_behaviour.py checks it against cattrs' own unstructuring.


def plain(value: Any) -> Any:
    """A model object (or a part of one) as plain JSON-compatible data, as :func:`to_dict` gives it."""
    kind = type(value)
    if kind is str or kind is int or value is None or kind is bool or kind is float:
        return value
    if kind is tuple or kind is list:
        return [plain(item) for item in value]
    if attrs.has(kind):
        return {field.name: plain(getattr(value, field.name)) for field in attrs.fields(kind)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def from_dict(data: object) -> Battle:
    """Build a :class:`Battle` from plain data such as :func:`to_dict` returns.

    Fields with defaults may be left out; unknown fields are errors. ``format_version`` may
    be left out too (data written before it existed); a version newer than this sakhalin
    reads is refused before anything else.

    Args:
        data: a dict as :func:`to_dict` returns it (or as :func:`json.load` reads it).

    Returns:
        The battle, validated.

    Raises:
        ValidationError: the data is not a valid battle; ``problems`` lists every
            problem with its path (``$.sides[1].strength[0].value``).

    .. versionadded:: 0.1.0

    """
    return battle_from(data)


def battle_from(data: object, path: str = "$") -> Battle:
    """A battle from plain data at ``path`` (``$[3]`` in a list), its format version checked first."""
    if type(data) is dict and VERSION_KEY in data:
        version = data[VERSION_KEY]
        where = f"{path}.{VERSION_KEY}"
        if type(version) is not int or version < 1:
            raise ValidationError(
                [(where, f"expected a whole number, 1 or more, got {kind_of(version)}: {show(version)}")]
            )
        if version > FORMAT_VERSION:
            raise ValidationError(
                [
                    (
                        where,
                        f"format {version} is newer than this sakhalin reads "
                        f"(format {FORMAT_VERSION} and older): upgrade sakhalin",
                    )
                ]
            )
        data = {key: value for key, value in data.items() if key != VERSION_KEY}
    return structure(data, Battle, path=path)
