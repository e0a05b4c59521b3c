"""Bad, hostile and oversized input: one-line SakhalinErrors naming the file, the place and the field."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sakhalin
import sakhalin.exporters
from sakhalin._limits import MAX_BYTES, MAX_DEPTH
from sakhalin._registry import FormatInfo
from sakhalin.readers import READERS

READER_INFOS = list(READERS)
PLACE = re.compile(r"line (\d+), column (\d+): ")


def embedded_text(indent: int | None = 2) -> str:
    return json.dumps(sakhalin.to_dict(sakhalin.load()), indent=indent, ensure_ascii=False)


def read_error(path: Path, **options: Any) -> str:
    """The message of the ReadError that reading ``path`` raises; it is one line and names the file."""
    with pytest.raises(sakhalin.ReadError) as caught:
        list(sakhalin.read(path, **options))
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{path}: ")
    return message


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def text_at(text: str, message: str) -> str:
    """The input text from the first place a message names."""
    match = PLACE.search(message)
    assert match is not None, message
    line, column = int(match.group(1)), int(match.group(2))
    return text.split("\n")[line - 1][column - 1 :]


# --- size limits -------------------------------------------------------------------------


def test_default_limit_is_50_mb() -> None:
    """The documented default limit is 50 MB, for read() and load() alike."""
    import inspect

    assert MAX_BYTES == 50_000_000
    assert inspect.signature(sakhalin.read).parameters["max_bytes"].default == MAX_BYTES
    assert inspect.signature(sakhalin.load).parameters["max_bytes"].default == MAX_BYTES


def test_a_200_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A sparse 200 MB file is refused by its size, when read() is called, with the limit named."""
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:
        stream.truncate(200 * 1024 * 1024)
    with pytest.raises(sakhalin.ReadError) as caught:
        sakhalin.read(huge)  # not even iterated
    assert str(caught.value) == f"{huge}: 209.7 MB is over the 50 MB limit (max_bytes)"
    with pytest.raises(sakhalin.ReadError, match="max_bytes"):
        sakhalin.load(huge)


def test_max_bytes_is_configurable(tmp_path: Path, battle: sakhalin.Battle) -> None:
    """max_bytes below a file's size refuses it; at its size or None reads it."""
    path = write(tmp_path / "b.json", embedded_text())
    size = path.stat().st_size
    message = read_error(path, max_bytes=size - 1)
    assert message == f"{path}: {size:,} bytes is over the {size - 1:,}-byte limit (max_bytes)"
    assert list(sakhalin.read(path, max_bytes=size)) == [battle]
    assert list(sakhalin.read(path, max_bytes=None)) == [battle]
    assert sakhalin.load(path, max_bytes=size) == battle


@pytest.mark.parametrize("bad", [-1, True, -(10**9)])
def test_max_bytes_must_be_a_size(bad: int, tmp_path: Path) -> None:
    """A negative or boolean max_bytes is an OptionError."""
    path = write(tmp_path / "b.json", "{}")
    with pytest.raises(sakhalin.OptionError, match="max_bytes"):
        sakhalin.read(path, max_bytes=bad)


def test_limit_holds_for_a_pipe(tmp_path: Path) -> None:
    """A named pipe, whose size is unknown beforehand, is cut off just past max_bytes."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as stream, contextlib.suppress(BrokenPipeError):
            stream.write(b" " * 100_000)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(sakhalin.ReadError) as caught:
            sakhalin.read(fifo, max_bytes=1000)
    finally:
        writer.join(timeout=60)
    assert str(caught.value) == f"{fifo}: more than the 1,000-byte limit (max_bytes)"


# --- nesting -----------------------------------------------------------------------------


def test_nesting_deeper_than_max_depth_is_refused(tmp_path: Path) -> None:
    """Arrays nested one level deeper than max_depth give a ReadError naming the limit and the place."""
    depth = MAX_DEPTH + 1
    path = write(tmp_path / "deep.json", "[" * depth + "]" * depth)
    message = read_error(path)
    assert "nested more than 64 levels deep (max_depth)" in message
    assert f"line 1, column {depth}: " in message


def test_max_depth_is_configurable(tmp_path: Path) -> None:
    """A small max_depth refuses the embedded battle; a large one lets deep input through to validation."""
    path = write(tmp_path / "b.json", embedded_text())
    assert "nested more than 3 levels" in read_error(path, max_depth=3)
    deep = write(tmp_path / "deep.json", "[" * 100 + "]" * 100)
    assert "expected an object" in read_error(deep, max_depth=200)
    with pytest.raises(sakhalin.OptionError, match="max_depth"):
        sakhalin.read(path, max_depth=0)


def test_absurd_nesting_is_a_read_error(tmp_path: Path) -> None:
    """Nesting far beyond Python's recursion limit is a ReadError, not a RecursionError."""
    path = write(tmp_path / "deeper.json", "[" * 200_000 + "]" * 200_000)
    assert "nested too deeply" in read_error(path)
    path = write(tmp_path / "objects.json", '{"a":' * 200_000 + "1" + "}" * 200_000)
    assert "nested too deeply" in read_error(path)


# --- malformed JSON ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "place", "words"),
    [
        ("", "line 1, column 1", "Expecting value"),
        ('{"name": "x",\n "sides": [}', "line 2, column 12", "Expecting value"),
        ('{"name": "x"', "line 1, column 13", "Expecting ',' delimiter"),
        ("{'name': 'x'}", "line 1, column 2", "double quotes"),
        ('{"name": NaN}', "line 1, column 10", "NaN is not a number JSON allows"),
        ('{"x": "NaN", "y": -Infinity}', "line 1, column 19", "-Infinity"),
        ('{"n": ' + "7" * 500 + "}", "line 1, column 7", "500 digits"),
        ('{"name": "x"} trailing', "line 1, column 15", "Extra data"),
    ],
)
def test_malformed_json(content: str, place: str, words: str, tmp_path: Path) -> None:
    """Malformed JSON gives one line naming the file, the line and column, and what is wrong."""
    message = read_error(write(tmp_path / "bad.json", content))
    assert f"bad.json: {place}: not valid JSON: " in message
    assert words in message


@settings(max_examples=40)
@given(cut=st.integers(min_value=0, max_value=len(embedded_text()) - 2))
def test_truncated_json(cut: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The embedded battle's JSON cut anywhere gives a ReadError with the line and column."""
    path = write(tmp_path_factory.mktemp("cut") / "cut.json", embedded_text()[:cut])
    message = read_error(path)
    assert PLACE.search(message), message


def test_duplicate_field_is_refused(tmp_path: Path) -> None:
    """An object with the same field twice is refused, naming the field."""
    message = read_error(write(tmp_path / "twice.json", '{"name": "a", "name": "b", "sides": []}'))
    assert "the field 'name' appears twice in one object" in message


def test_utf8_byte_order_mark_is_allowed(tmp_path: Path, battle: sakhalin.Battle) -> None:
    """A UTF-8 byte order mark, as some editors write, does not stop the read."""
    path = write(tmp_path / "bom.json", b"\xef\xbb\xbf" + embedded_text().encode("utf-8"))
    assert list(sakhalin.read(path)) == [battle]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    """Latin-1 bytes give a ReadError naming the line, the column and the byte offset."""
    text = embedded_text().replace("Invasion of Sakhalin", "Invasion of Sakhalìn", 1)
    data = text.encode("latin-1", "replace")
    path = write(tmp_path / "latin1.json", data)
    message = read_error(path)
    offset = data.index(b"\xec")
    column = offset - data.rindex(b"\n", 0, offset)
    line = data.count(b"\n", 0, offset) + 1
    assert f"line {line}, column {column} (byte {offset}): not UTF-8 text" in message


@pytest.mark.parametrize("fmt", ["csv", "wiki"])
def test_non_utf8_bytes_in_text_formats(tmp_path: Path, battle: sakhalin.Battle, fmt: str) -> None:
    """A byte that is not UTF-8 deep in a CSV or wikitext file is named by its line, column and offset."""
    text = sakhalin.export(battle, fmt)
    assert isinstance(text, str)
    data = text.encode("utf-8")
    at = data.index(b"\n", len(data) // 2) + 3  # well past the first chunk a decoder reads
    data = data[:at] + b"\xec" + data[at:]
    path = write(tmp_path / f"latin1.{fmt}", data)
    message = read_error(path)
    line = data.count(b"\n", 0, at) + 1
    column = at - data.rindex(b"\n", 0, at)
    assert f"{path}: line {line}, column {column} (byte {at}): not UTF-8 text" in message
    assert "\n" not in message


def test_lone_surrogate_is_refused(tmp_path: Path) -> None:
    """A lone surrogate escape (no character, and not writable as UTF-8) is refused with its field."""
    text = embedded_text().replace('"Invasion of Sakhalin"', '"Invasion \\ud800"', 1)
    path = write(tmp_path / "surrogate.json", text)
    message = read_error(path)
    assert "$.name: a text with a lone UTF-16 surrogate" in message
    assert text_at(text, message).startswith('"Invasion \\ud800"')


# --- wrong, missing and unknown fields ---------------------------------------------------


def _mutated(change: Any) -> str:
    data = sakhalin.to_dict(sakhalin.load())
    change(data)
    return json.dumps(data, indent=2, ensure_ascii=False)


def test_wrong_type_names_field_and_place(tmp_path: Path) -> None:
    """A field of the wrong type is named by its path, at the line and column of its value."""

    def change(data: dict[str, Any]) -> None:
        data["sides"][1]["belligerents"][0]["name"] = 1905

    text = _mutated(change)
    message = read_error(write(tmp_path / "b.json", text))
    assert "$.sides[1].belligerents[0].name: expected a string, got a whole number: 1905" in message
    assert text_at(text, message).startswith("1905")


def test_bad_value_names_field_and_place(tmp_path: Path) -> None:
    """A value the model refuses (a negative count) is named by its path, at its place."""

    def change(data: dict[str, Any]) -> None:
        data["sides"][1]["strength"][0]["value"] = -5

    text = _mutated(change)
    message = read_error(write(tmp_path / "b.json", text))
    assert "$.sides[1].strength[0].value: " in message
    assert text_at(text, message).startswith("-5")


def test_missing_field_points_at_its_object(tmp_path: Path) -> None:
    """A missing required field is named, at the place of the object that lacks it."""

    def change(data: dict[str, Any]) -> None:
        del data["sides"][0]["belligerents"][0]["name"]

    text = _mutated(change)
    message = read_error(write(tmp_path / "b.json", text))
    assert "$.sides[0].belligerents[0].name: required field is missing" in message
    assert text_at(text, message).startswith("{")


def test_unknown_field_points_at_its_key(tmp_path: Path) -> None:
    """An unknown field is named, at the place of its key."""

    def change(data: dict[str, Any]) -> None:
        data["sides"][0]["colour"] = "red"

    text = _mutated(change)
    message = read_error(write(tmp_path / "b.json", text))
    assert "$.sides[0].colour: unknown field" in message
    assert text_at(text, message).startswith('"colour"')


def test_every_problem_is_on_the_one_line(tmp_path: Path) -> None:
    """Several problems are all reported, each with its place, on one line."""

    def change(data: dict[str, Any]) -> None:
        data["name"] = ["not", "a", "string"]
        data["sides"][0]["strength"] = "many"
        data["mood"] = "grim"

    message = read_error(write(tmp_path / "b.json", _mutated(change)))
    assert message.count("line ") == 3
    for path in ("$.name:", "$.sides[0].strength:", "$.mood: unknown field"):
        assert path in message


def test_not_an_object(tmp_path: Path) -> None:
    """JSON that is not an object (nor an array of them) is named as such."""
    assert "$: expected an object" in read_error(write(tmp_path / "n.json", "42"))
    assert "$[1]: expected an object" in read_error(write(tmp_path / "l.json", f"[{embedded_text()}, 42]"))


def test_load_refuses_several_or_none(tmp_path: Path) -> None:
    """load(path) wants exactly one battle, and says so naming the file."""
    with pytest.raises(sakhalin.ReadError, match=r"empty\.json: holds no battle"):
        sakhalin.load(write(tmp_path / "empty.json", "[]"))
    two = f"[{embedded_text()}, {embedded_text()}]"
    with pytest.raises(sakhalin.ReadError, match=r"two\.json: holds more than one battle"):
        sakhalin.load(write(tmp_path / "two.json", two))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    """A missing file, or a folder, gives a ReadError naming it when read() is called."""
    with pytest.raises(sakhalin.ReadError, match=r"missing\.json: cannot read: No such file"):
        sakhalin.read(tmp_path / "missing.json")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(sakhalin.ReadError, match=r"folder\.json: cannot read"):
        sakhalin.read(folder)


# --- fuzzing -----------------------------------------------------------------------------

FUZZ = settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _read_or_fail(path: Path, format: str) -> None:
    """Reading must give battles or a SakhalinError with a one-line message naming the file."""
    message = ""
    try:
        for battle in sakhalin.read(path, format):
            assert isinstance(battle, sakhalin.Battle)
    except sakhalin.SakhalinError as exc:
        message = str(exc)
    assert len(message.splitlines()) <= 1
    assert not message or str(path) in message


@FUZZ
@given(data=st.binary(max_size=2000))
def test_json_reader_on_arbitrary_bytes(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Arbitrary bytes given to the JSON reader raise nothing but a one-line SakhalinError."""
    path = write(tmp_path_factory.mktemp("fuzz") / "fuzz.json", data)
    _read_or_fail(path, "json")


@pytest.mark.parametrize("info", READER_INFOS, ids=[i.name for i in READER_INFOS])
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")))
def test_every_reader_on_arbitrary_bytes(
    info: FormatInfo, data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every registered reader given arbitrary bytes raises nothing but a one-line SakhalinError."""
    path = write(tmp_path_factory.mktemp("fuzz") / f"fuzz{info.extensions[0]}", data)
    _read_or_fail(path, info.name)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


EMBEDDED = sakhalin.to_dict(sakhalin.load())
PATHS = _paths(EMBEDDED)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "1905-07-07", "1905-13-40", "exact", "killed", "day", "approximate"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutations(draw: st.DrawFn) -> Any:
    """The embedded battle's data with a few fields replaced, removed, added or emptied."""
    data = copy.deepcopy(EMBEDDED)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if path:
                parent[path[-1]]  # an earlier mutation may have removed it
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["replace", "remove", "add", "empty"]))
        if not path:
            data = draw(json_values) if action == "replace" else data  # type: ignore[arg-type]
        elif action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "remove":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        elif action == "add" and isinstance(parent, list):
            parent.append(draw(json_values))
        elif action == "empty":
            parent[path[-1]] = (
                type(parent[path[-1]])() if isinstance(parent[path[-1]], list | dict | str) else None
            )
    return data


@FUZZ
@given(data=mutations())
def test_json_reader_on_mutated_battles(data: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The embedded battle's JSON, fields replaced, removed or added, reads or raises a one-line ReadError."""
    path = write(tmp_path_factory.mktemp("mutant") / "mutant.json", json.dumps(data, indent=1))
    try:
        battles = list(sakhalin.read(path))
    except sakhalin.ReadError as exc:
        message = str(exc)
    else:
        message = ""
        items = data if isinstance(data, list) else [data]
        assert [sakhalin.to_dict(b) for b in battles] == [
            sakhalin.to_dict(sakhalin.from_dict(i)) for i in items
        ]
    assert len(message.splitlines()) <= 1
    assert message.isprintable()
    assert not message or message.startswith(f"{path}: ")


ROUND_TRIP = [info for info in READER_INFOS if info.name in {e.name for e in sakhalin.exporters.EXPORTERS}]


_EXPORTED: dict[str, bytes] = {}


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """The bytes with a few of them changed, cut out or inserted, or the end cut off."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not data:
            break
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip":
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif action == "cut":
            del data[at : at + draw(st.integers(min_value=1, max_value=64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("info", ROUND_TRIP, ids=[i.name for i in ROUND_TRIP])
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_reader_on_damaged_files(
    info: FormatInfo, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A file its exporter wrote, then damaged (bytes changed, cut, added), reads or is a SakhalinError."""
    if info.name not in _EXPORTED:
        made = sakhalin.export(sakhalin.load(), info.name)
        _EXPORTED[info.name] = made if isinstance(made, bytes) else made.encode("utf-8")
    broken = data.draw(damaged(_EXPORTED[info.name]), label="damaged file")
    path = write(tmp_path_factory.mktemp("damaged") / f"damaged{info.extensions[0]}", broken)
    _read_or_fail(path, info.name)
