"""The errors sakhalin raises on purpose: one base class, each also a matching builtin."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "MissingDependencyError",
    "OptionError",
    "ReadError",
    "SakhalinError",
    "UnknownFormatError",
    "ValidationError",
]


class SakhalinError(Exception):
    """The base of every error sakhalin raises on purpose.

    .. versionadded:: 0.1.0
    """


class ValidationError(SakhalinError, ValueError):
    """Data that does not make a valid battle.

    ``problems`` lists every problem as ``(path, message)`` pairs, where the path names
    the field (``$.sides[1].strength[0].value``) or, for a model class built directly,
    the field of that class (``value``). ``str()`` gives every problem on one line,
    separated by ``; ``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, problems: Iterable[tuple[str, str]], *, model: str | None = None) -> None:
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        self.model = model
        super().__init__(self._message())

    def _message(self) -> str:
        prefix = f"{self.model}." if self.model else ""
        return "; ".join(f"{prefix}{path}: {message}" for path, message in self.problems)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.problems, self.model))


def _rebuild_validation_error(problems: tuple[tuple[str, str], ...], model: str | None) -> ValidationError:
    return ValidationError(problems, model=model)


class UnknownFormatError(SakhalinError, LookupError):
    """No exporter or reader answers to that name, alias or file name.

    .. versionadded:: 0.1.0
    """


class OptionError(SakhalinError, TypeError):
    """An exporter or reader was given an option it does not take, or a bad value for one.

    .. versionadded:: 0.1.0
    """


class MissingDependencyError(SakhalinError, ImportError):
    """A known format needs an optional package that is not installed.

    .. versionadded:: 0.1.0
    """


class ReadError(SakhalinError, ValueError):
    """A file could not be read into battles; the message names the file and the place.

    .. versionadded:: 0.1.0
    """
