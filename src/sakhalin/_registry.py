"""Lookup of exporters and readers by name, alias or file name; built-ins first, then plugins.

Built-in classes are named by dotted path and imported only when used; plugins come from
an entry-point group, discovered once (lazily, on the first lookup that needs them) and
cached. A built-in name or alias is never shadowed by a plugin, and a plugin that fails to
load is recorded in :attr:`Registry.problems` with its distribution's name instead of
breaking the others: whatever its import raises (``SystemExit`` and ``KeyboardInterrupt``
too), a class that breaks the contract (a name that is not a format name, a constructor
whose options cannot be read), or an import that does not end within
:data:`LOAD_TIMEOUT` seconds.
"""

from __future__ import annotations

import importlib
import inspect
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from sakhalin._errors import OptionError, UnknownFormatError

if TYPE_CHECKING:
    from pathlib import PurePath

__all__ = ["FormatInfo", "Registry", "parse_option"]

T = TypeVar("T")

LOAD_TIMEOUT = 10.0
"""Seconds a plugin's import may take before it is reported as hung and skipped.

Importing is the only way to know a plugin's format (its aliases, extensions, description
and options live on its class, not in its entry point's metadata), so ``sakhalin formats``
imports every plugin; a plugin's import runs in a thread of its own, waited for this long.
A thread that never ends is left behind (it cannot be stopped) and the process exits all
the same. A real plugin imports in well under a second.
"""

_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")
_NAME_RULE = "letters, digits, '-', '_', '.' and '+', starting with a letter or digit"

_REQUIRED = ("name", "aliases", "extensions", "media_type", "binary", "description")


class FormatInfo(typing.NamedTuple):
    """What a registry knows of one format: its class and where it came from."""

    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]
    media_type: str
    binary: bool
    description: str
    origin: str
    """``"built-in"`` or the name of the distribution that provides the plugin."""
    cls: type[Any]


def _info(cls: type[Any], origin: str) -> FormatInfo:
    """Check a format class against the contract and describe it; ``TypeError`` says what is wrong."""
    if not isinstance(cls, type):
        raise TypeError(f"{cls!r} is not a class")
    missing = [attr for attr in _REQUIRED if not hasattr(cls, attr)]
    if missing:
        raise TypeError(f"{cls.__qualname__} lacks the class attributes {', '.join(missing)}")
    problems = []
    if not isinstance(cls.name, str) or not cls.name.strip():
        problems.append("name is not a non-empty string")
    elif not _NAME_RE.match(cls.name):
        problems.append(f"name {cls.name!r} is not a format name ({_NAME_RULE})")
    if not isinstance(cls.aliases, tuple) or not all(isinstance(a, str) and a for a in cls.aliases):
        problems.append("aliases is not a tuple of strings")
    else:
        problems.extend(
            f"alias {a!r} is not a format name ({_NAME_RULE})" for a in cls.aliases if not _NAME_RE.match(a)
        )
    if not isinstance(cls.extensions, tuple) or not all(
        isinstance(e, str) and e.startswith(".") and len(e) > 1 for e in cls.extensions
    ):
        problems.append('extensions is not a tuple of strings starting with "."')
    else:
        problems.extend(
            f"extension {e!r} is not '.' and a format name"
            for e in cls.extensions
            if not _NAME_RE.match(e[1:])
        )
    if not isinstance(cls.media_type, str) or "/" not in cls.media_type:
        problems.append("media_type is not a media type such as text/csv")
    if not isinstance(cls.binary, bool):
        problems.append("binary is not a bool")
    if not isinstance(cls.description, str) or not cls.description.strip() or "\n" in cls.description:
        problems.append("description is not one line of text")
    try:
        options_of(cls)  # `sakhalin formats` lists them, and make() checks options against them
    except (TypeError, ValueError) as exc:
        problems.append(f"the options its constructor takes cannot be read ({type(exc).__name__}: {exc})")
    if problems:
        raise TypeError(f"{cls.__qualname__}: {'; '.join(problems)}")
    return FormatInfo(
        name=cls.name,
        aliases=tuple(cls.aliases),
        extensions=tuple(ext.lower() for ext in cls.extensions),
        media_type=cls.media_type,
        binary=cls.binary,
        description=cls.description,
        origin=origin,
        cls=cls,
    )


class Registry(Generic[T]):
    """The formats of one kind (exporters or readers)."""

    def __init__(self, kind: str, group: str, builtins: tuple[str, ...]) -> None:
        self.kind = kind
        self.group = group
        self._builtin_paths = builtins
        self._builtins: list[FormatInfo] | None = None
        self._builtins_so_far: list[FormatInfo] = []
        self._plugins: list[FormatInfo] | None = None
        self.problems: list[str] = []
        """Plugins that could not be loaded or were refused, one line each."""

    def _load_builtins(self) -> list[FormatInfo]:
        if self._builtins is None:
            self._builtins = list(self._each_builtin())
        return self._builtins

    def _each_builtin(self) -> Iterator[FormatInfo]:
        """The built-ins in order, each module imported only when a lookup gets that far.

        ``sakhalin export csv`` then imports the csv exporter alone, not every format's module
        (see docs/performance.md); the order, and so which format wins, is unchanged.
        """
        for index, path in enumerate(self._builtin_paths):
            if index == len(self._builtins_so_far):
                module, _, attr = path.partition(":")
                self._builtins_so_far.append(
                    _info(getattr(importlib.import_module(module), attr), "built-in")
                )
            yield self._builtins_so_far[index]

    def _load_plugins(self) -> list[FormatInfo]:
        if self._plugins is not None:
            return self._plugins
        taken = {key.lower() for info in self._load_builtins() for key in (info.name, *info.aliases)}
        plugins: list[FormatInfo] = []
        for ep, dist in self._entry_points():
            loaded, failure = _load(ep)
            if failure is None:
                try:
                    info = _info(loaded, dist)
                except Exception as exc:  # a broken plugin must not break the others
                    failure = f"{type(exc).__name__}: {exc}"
            if failure is not None:
                self._problem(f"plugin {ep.name!r} from {dist} failed to load: {failure}")
                continue
            clash = {key.lower() for key in (info.name, *info.aliases)} & taken
            if clash:
                self._problem(
                    f"plugin {ep.name!r} from {dist} was ignored: {', '.join(sorted(clash))} is already taken"
                )
                continue
            taken.update(key.lower() for key in (info.name, *info.aliases))
            plugins.append(info)
        self._plugins = plugins
        return plugins

    def _entry_points(self) -> list[tuple[Any, str]]:
        """The group's entry points with their distributions' names, sorted by entry point name.

        Each distribution is read on its own, so that one with broken metadata is reported
        instead of hiding every plugin.
        """
        from importlib.metadata import distributions

        found: list[tuple[Any, str]] = []
        seen: set[str] = set()
        for dist in distributions():
            # The name from the folder's name where the distribution has one (cheap), else
            # from its metadata; the metadata's own spelling is read only for a plugin.
            key = getattr(dist, "_normalized_name", None)
            try:
                if not isinstance(key, str):
                    key = str(dist.metadata["Name"])
                key = key.lower().replace("_", "-").replace(".", "-")
                if key in seen:  # the same distribution further down sys.path
                    continue
                seen.add(key)
                points = dist.entry_points.select(group=self.group)
                if points:
                    name = dist.metadata["Name"] or key
                    found.extend((ep, name) for ep in points)
            except Exception as exc:
                self._problem(
                    f"plugins of {key or 'a distribution'} could not be listed: {type(exc).__name__}: {exc}"
                )
        return sorted(found, key=lambda pair: pair[0].name)

    def _problem(self, text: str) -> None:
        self.problems.append(f"{self.kind} " + " ".join(text.split()))

    def make(self, info: FormatInfo, options: Mapping[str, object]) -> T:
        """An object of this kind (an exporter, a reader) of the format, with options.

        Unknown options and bad values are an :class:`OptionError`. The object meets the
        kind's contract (its Protocol): the class was checked when it was registered.
        """
        return cast("T", _made(info, options))

    def refresh(self) -> None:
        """Forget the discovered plugins, so that the next lookup looks again."""
        self._plugins = None
        self.problems = []

    def __iter__(self) -> Iterator[FormatInfo]:
        yield from self._load_builtins()
        yield from self._load_plugins()

    def get(self, name: str) -> FormatInfo:
        """The format with this name or alias (case-insensitive)."""
        key = name.strip().lower()
        for info in self._each_builtin():
            if key == info.name.lower() or key in (alias.lower() for alias in info.aliases):
                return info
        for info in self._load_plugins():
            if key == info.name.lower() or key in (alias.lower() for alias in info.aliases):
                return info
        infos = sorted(self, key=lambda info: info.name)
        known = ", ".join(f"{i.name} ({', '.join(i.aliases)})" if i.aliases else i.name for i in infos)
        hint = nearest(key, [word for info in infos for word in (info.name, *info.aliases)])
        raise UnknownFormatError(f"no {self.kind} is called {name!r}{hint}; known: {known}")

    def for_path(self, path: str | PurePath) -> FormatInfo:
        """The format a file name's extension names (``.xlsx``, ``.wiki``, ...); built-ins first."""
        from pathlib import PurePath  # here, not at the top: see docs/performance.md

        name = PurePath(path).name.lower()
        for infos in (self._each_builtin, self._load_plugins):
            for info in infos():
                if any(name.endswith(ext) for ext in info.extensions):
                    return info
        extensions = sorted({ext for info in self for ext in info.extensions})
        suffix = PurePath(name).suffix
        hint = nearest(suffix, extensions) if suffix else ""
        raise UnknownFormatError(
            f"cannot tell the {self.kind} format from the file name {str(path)!r}{hint}; "
            f"name the format, or use one of {', '.join(extensions)}"
        )


def _load(ep: Any) -> tuple[Any, str | None]:
    """What the entry point names, or ``None`` and why it could not be loaded.

    The import runs in a thread of its own, waited for :data:`LOAD_TIMEOUT` seconds. There,
    whatever it raises is the plugin's failure: ``SystemExit``, and ``KeyboardInterrupt``
    raised by the plugin's own code (a plugin bug). A real Ctrl-C is delivered to the main
    thread, which is waiting: it stops the program as anywhere else.
    """
    import threading

    outcome: list[tuple[Any, str | None]] = []

    def load() -> None:
        try:
            outcome.append((ep.load(), None))
        except BaseException as exc:  # the plugin's failure, whatever it is: reported
            outcome.append((None, f"{type(exc).__name__}: {exc}"))

    thread = threading.Thread(target=load, name=f"sakhalin plugin {ep.name}", daemon=True)
    thread.start()
    thread.join(LOAD_TIMEOUT)
    if thread.is_alive():
        return None, f"its import did not end within {LOAD_TIMEOUT:g} seconds (skipped)"
    return outcome[0]


def nearest(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'csv'?)`` for the choice nearest a misspelt value, or ``""`` if none is near."""
    import difflib

    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def options_of(cls: type[Any]) -> dict[str, inspect.Parameter]:
    """The keyword options a format's constructor takes."""
    params = inspect.signature(cls).parameters
    return {
        name: p
        for name, p in params.items()
        if p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    }


def _made(info: FormatInfo, options: Mapping[str, object]) -> object:
    """Build a format object with options, reporting unknown ones and bad values."""
    allowed = options_of(info.cls)
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no options"
        raise OptionError(f"{info.name} takes {takes}; not {', '.join(unknown)}")
    try:
        return info.cls(**options)
    except OptionError:
        raise
    except (TypeError, ValueError) as exc:
        raise OptionError(f"{info.name}: {exc}") from None


def _hint(cls: type[Any], name: str) -> Any:
    try:
        hints = typing.get_type_hints(cls.__init__)
    except (NameError, TypeError, AttributeError):  # a plugin's unresolvable annotations: text
        return str
    return hints.get(name, str)


def parse_option(info: FormatInfo, text: str) -> tuple[str, object]:
    """Turn a command line's ``key=value`` into a typed option for this format."""
    key, sep, raw = text.partition("=")
    key = key.strip().replace("-", "_")
    if not sep or not key:
        raise OptionError(f"an option is written key=value, not {text!r}")
    allowed = options_of(info.cls)
    if key not in allowed:
        takes = ", ".join(sorted(allowed)) or "no options"
        raise OptionError(f"{info.name} takes {takes}; not {key}")
    return key, _option_value(_hint(info.cls, key), raw, key)


def _option_value(hint: Any, raw: str, key: str) -> object:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if raw.lower() in ("", "none", "null") and len(args) < len(typing.get_args(hint)):
            return None
        return _option_value(args[0], raw, key) if len(args) == 1 else raw
    if origin is typing.Literal:
        allowed = typing.get_args(hint)
        if raw not in allowed:
            raise OptionError(f"{key} is one of {', '.join(map(str, allowed))}; not {raw!r}")
        return raw
    if hint is bool:
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise OptionError(f"{key} is true or false, not {raw!r}")
    if hint is int:
        digits = raw.strip().lstrip("+-").replace("_", "")
        if len(digits) > 18:  # past what any size or count can be (and what C code takes)
            raise OptionError(f"{key} is a whole number of at most 18 digits, not one of {len(digits):,}")
        try:
            return int(raw)
        except ValueError:
            raise OptionError(f"{key} is a whole number, not {raw!r}") from None
    return raw
