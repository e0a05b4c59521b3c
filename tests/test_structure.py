from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import sakhalin as s
from sakhalin import ValidationError
from tests.strategies import battles


def embedded_data() -> dict[str, Any]:
    return copy.deepcopy(s.to_dict(s.load()))


def paths(data: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        s.from_dict(data)
    return dict(exc.value.problems)


def test_embedded_battle_round_trips(battle: s.Battle) -> None:
    """from_dict(to_dict(b)) == b for the embedded battle."""
    assert s.from_dict(s.to_dict(battle)) == battle


def test_to_dict_is_plain_json(battle: s.Battle) -> None:
    """to_dict gives only JSON types: dates as ISO strings, counts as ints."""
    data = s.to_dict(battle)
    assert json.loads(json.dumps(data)) == data
    assert data["date"]["start"] == "1905-07-07"
    assert data["sides"][1]["strength"][0]["value"] == 7280
    assert data["sides"][1]["strength"][0]["qualifier"] == "nominal"


@given(battles())
def test_generated_battles_round_trip(battle: s.Battle) -> None:
    """from_dict(to_dict(b)) == b for generated battles, through JSON text too."""
    data = s.to_dict(battle)
    assert s.from_dict(data) == battle
    assert s.from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == battle


def test_every_model_class_has_a_builder() -> None:
    """The builder knows every field type of every model class: valid data never needs cattrs."""
    import attrs

    from sakhalin import _model, _structure

    classes = [c for c in vars(_model).values() if isinstance(c, type) and attrs.has(c)]
    assert s.Battle in classes
    for cls in classes:
        with pytest.raises(_structure._Unknown, match="unknown fields"):
            _structure._build(cls, {"no such field": 1})  # its builder was worked out; the data is refused


def test_a_builder_that_refuses_valid_data_is_a_loud_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid data the builder refuses is an AssertionError, never a quiet success through cattrs."""
    from sakhalin import _structure

    def refuse(cls: object, data: object) -> object:
        raise _structure._Unknown("a bug")

    monkeypatch.setattr(_structure, "_build", refuse)
    with pytest.raises(AssertionError, match="a bug"):
        s.from_dict(embedded_data())


def test_nested_negative_count_names_its_path() -> None:
    """A negative strength deep in the data names its full path."""
    data = embedded_data()
    data["sides"][1]["strength"][0]["value"] = -5
    assert paths(data) == {"$.sides[1].strength[0].value": "a count cannot be negative (got -5)"}


def test_every_problem_is_listed_with_its_path() -> None:
    """Several problems in several places are all reported, each with its path."""
    data = embedded_data()
    data["name"] = ""
    data["sides"][0]["belligerents"] = []
    data["sides"][1]["strength"][0]["value"] = "7280"
    data["date"]["end"] = "1905-07-01"
    data["war"]["date"]["precision"] = "decade"
    data["bogus"] = 1
    found = paths(data)
    assert set(found) == {
        "$.name",
        "$.sides[0].belligerents",
        "$.sides[1].strength[0].value",
        "$.date.end",
        "$.war.date.precision",
        "$.bogus",
    }
    assert found["$.sides[1].strength[0].value"] == "expected a whole number, got a string: '7280'"
    assert found["$.bogus"] == "unknown field"
    assert "'decade'" in found["$.war.date.precision"]


def test_message_is_one_line_listing_everything() -> None:
    """str(ValidationError) is one line that holds every problem."""
    data = embedded_data()
    data["name"] = ""
    data["sides"][1]["strength"][0]["value"] = -1
    with pytest.raises(ValidationError) as exc:
        s.from_dict(data)
    text = str(exc.value)
    assert "\n" not in text
    assert "$.name: must not be empty or blank" in text
    assert "$.sides[1].strength[0].value: a count cannot be negative (got -1)" in text


def test_missing_required_field_is_named() -> None:
    """A missing required field is reported at its path."""
    data = embedded_data()
    del data["sides"][0]["belligerents"][0]["name"]
    assert paths(data) == {"$.sides[0].belligerents[0].name": "required field is missing"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a whole number, got a boolean: True"),
        (1.5, "expected a whole number, got a float: 1.5"),
        (None, "an exact quantity needs a figure"),
    ],
)
def test_counts_are_strict_ints(value: object, message: str) -> None:
    """Counts must be JSON integers: no booleans, floats or strings are coerced."""
    data = embedded_data()
    data["sides"][0]["strength"][0]["value"] = value
    assert paths(data) == {"$.sides[0].strength[0].value": message}


def test_strings_are_not_split_into_lists() -> None:
    """A string where a list belongs is an error, not a list of characters."""
    data = embedded_data()
    data["alt_names"] = "abc"
    assert paths(data) == {"$.alt_names": "expected a list or tuple, got a string: 'abc'"}


def test_wrong_shapes_are_reported() -> None:
    """Wrong container types at the top and inside are reported, not crashed on."""
    assert paths([]) == {"$": "expected an object, got a list"}
    data = embedded_data()
    data["sides"][0] = "Japan"
    assert paths(data) == {"$.sides[0]": "expected an object, got a string"}


def test_bad_dates_are_reported() -> None:
    """A date that is not ISO 8601 is reported with its path."""
    data = embedded_data()
    data["date"]["start"] = "7 July 1905"
    assert paths(data) == {"$.date.start": "expected an ISO 8601 date (YYYY-MM-DD), got '7 July 1905'"}


# The format version: to_dict writes it first; from_dict reads it, and data written without it.


def test_format_version_comes_first(battle: s.Battle) -> None:
    """to_dict's first key is format_version, the current version of the format."""
    data = s.to_dict(battle)
    assert next(iter(data)) == "format_version"
    assert data["format_version"] == 1
    text = s.export(battle, "json")
    assert isinstance(text, str)
    assert text.lstrip("{\n ").startswith('"format_version": 1,')


def test_version_less_data_still_reads(battle: s.Battle) -> None:
    """Data written before the version key existed (no format_version) reads as before."""
    data = embedded_data()
    del data["format_version"]
    assert s.from_dict(data) == battle


@pytest.mark.parametrize("version", [2, 10**6])
def test_newer_version_is_refused_in_one_line(version: int) -> None:
    """A newer format is refused before anything else, in one problem, however different the data."""
    data = embedded_data()
    data["format_version"] = version
    data["a_field_from_the_future"] = {"x": 1}
    data["sides"] = "changed shape"
    newer = f"format {version} is newer than this sakhalin reads (format 1 and older): upgrade sakhalin"
    assert paths(data) == {"$.format_version": newer}


@pytest.mark.parametrize(
    ("version", "given"),
    [(0, "a whole number: 0"), (True, "a boolean: True"), ("1", "a string: '1'"), (1.0, "a float: 1.0")],
)
def test_bad_version_is_refused(version: object, given: str) -> None:
    """A format version that is not a whole number of 1 or more is refused, saying what was given."""
    data = embedded_data()
    data["format_version"] = version
    assert paths(data) == {"$.format_version": f"expected a whole number, 1 or more, got {given}"}


def test_json_reader_refuses_a_newer_version_at_its_place(tmp_path: Path) -> None:
    """A JSON file of a newer format is one ReadError line naming the file, the place and the version."""
    battle = s.load()
    data = [s.to_dict(battle), s.to_dict(battle)]
    data[1]["format_version"] = 7
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(s.ReadError) as exc:
        list(s.read(path))
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: line ")
    assert message.endswith(
        "$[1].format_version: format 7 is newer than this sakhalin reads (format 1 and older): "
        "upgrade sakhalin"
    )
    del data[1]["format_version"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert list(s.read(path)) == [battle, battle]
