"""Bad data is reported clearly: each broken file gives one message naming file, row, column,
value and rule, and every problem is reported, not only the first.

Each case corrupts a copy of data/ in a temporary folder and validates that copy.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.data import load_table, validate_package
from uspak.data.tableschema import read_table
from uspak.problems import CourseFileError, Problem

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course root whose data/ is a private copy of the real one."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def rewrite(course: Path, file: str, change) -> None:
    path = course / "data" / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(course: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` counts data rows from 1, so it sits on line row + 1."""

    def change(rows):
        rows[row][rows[0].index(column)] = value

    rewrite(course, file, change)


def problems_in(course: Path, file: str) -> list[Problem]:
    """The problems validation reports for one file (other tables may be mid-edit by others)."""
    return [p for p in validate_package(Course(course)) if p.file == f"data/{file}"]


def edit_descriptor(course: Path, change) -> None:
    path = course / "data" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field(descriptor: dict, table: str, name: str) -> dict:
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


# (file, data row, column, bad value, words the message must contain)
CELL_CASES = {
    "negative-amount": ("aid_flows.csv", 15, "economic_current_musd", "-5", "below the minimum 0"),
    "wrong-type": ("aid_flows.csv", 3, "total_current_musd", "12,5", "is not a number"),
    "bad-date": ("aid_programs_crs.csv", 40, "table_version", "2014-02-30", "not a valid date"),
    "date-form": ("aid_programs_crs.csv", 40, "table_version", "06/03/2014", "YYYY-MM-DD"),
    "unknown-category": ("aid_programs_crs.csv", 7, "category", "militry", "allowed values"),
    "unknown-measure": ("aid_programs_crs.csv", 7, "measure", "estimate", "allowed values"),
    "dangling-source-id": (
        "aid_flows.csv",
        20,
        "source_id",
        "usaid-greenbook-2099",
        "no matching row in data/sources.csv",
    ),
    "missing-required": ("aid_flows.csv", 9, "total_current_musd", "", "required column"),
    "pattern": ("aid_flows.csv", 30, "fiscal_year", "1976Q", "does not match the pattern"),
    "boolean": ("aid_flows.csv", 5, "transition_quarter", "yes", "is not a boolean"),
    "year-form": ("aid_programs_crs.csv", 12, "fy_start", "2009.0", "four-digit year"),
    "above-maximum": ("aid_programs_crs.csv", 12, "fy_end", "2031", "above the maximum 2020"),
    "bad-url": ("sources.csv", 1, "url", "foreignassistance.gov", "pattern"),
    "malformed-lesson-tag": ("timeline.csv", 5, "lessons", "01-history;Future", "pattern"),
    "unknown-precision": ("timeline.csv", 5, "precision", "decade", "allowed values"),
    "event-before-1947": ("timeline.csv", 5, "date", "1946-12-31", "below the minimum"),
    "negative-strikes": ("drone_strikes.csv", 3, "strikes", "-1", "below the minimum 0"),
    "unknown-country": ("warheads.csv", 2, "country", "China", "allowed values"),
    "unknown-regime": ("rule_periods.csv", 2, "regime", "hybrid", "allowed values"),
    "share-above-100": ("arms_imports.csv", 1, "share_pct", "120", "above the maximum 100"),
    "dangling-source-visits": ("visits.csv", 1, "source_id", "no-such-source", "no matching row"),
}


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "rule"), CELL_CASES.values(), ids=CELL_CASES.keys()
)
def test_bad_cell_gives_one_message_naming_file_row_column_value_and_rule(
    course, file, row, column, value, rule
):
    """Does one bad cell give exactly one problem naming its file, line, column, value and rule?"""
    set_cell(course, file, row, column, value)
    [problem] = problems_in(course, file)
    assert (problem.file, problem.line, problem.item) == (f"data/{file}", row + 1, column)
    if value:
        assert repr(value) in problem.message
    assert rule in problem.message


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "key"),
    [
        ("aid_flows.csv", 2, "fiscal_year", "1948", "fiscal_year=1948"),
        (
            "aid_programs_crs.csv",
            2,
            "fiscal_years",
            "FY2002-FY2007",
            "table_version=2013-10-24, fiscal_years=FY2002-FY2007, line_item=1206",
        ),
        ("sources.csv", 2, "source_id", "usaid-greenbook-2022", "source_id=usaid-greenbook-2022"),
        (
            "timeline.csv",
            2,
            "event_id",
            "1947-jinnah-seeks-us-relations",
            "event_id=1947-jinnah-seeks-us-relations",
        ),
    ],
    ids=["aid-flows-year", "crs-composite-key", "sources-id", "timeline-event-id"],
)
def test_duplicate_key_names_the_key_and_where_it_first_appeared(
    course, file, row, column, value, key
):
    """Does a repeated primary key give one problem naming the key and the line it first used?"""
    set_cell(course, file, row, column, value)
    [problem] = problems_in(course, file)
    assert problem.line == row + 1
    assert "duplicate primary key" in problem.message
    assert key in problem.message
    assert "first on line 2" in problem.message


def test_missing_column_is_one_problem_on_the_header(course):
    """Does a dropped column give one problem on line 1 naming it, not one per row?"""

    def drop(rows):
        i = rows[0].index("military_const2020_musd")
        for row in rows:
            del row[i]

    rewrite(course, "aid_flows.csv", drop)
    [problem] = problems_in(course, "aid_flows.csv")
    assert problem.line == 1
    assert "missing column 'military_const2020_musd'" in problem.message


def test_unexpected_column_is_reported(course):
    """Does a column the schema does not declare get reported by name?"""

    def add(rows):
        for i, row in enumerate(rows):
            row.append("notes" if i == 0 else "")

    rewrite(course, "aid_flows.csv", add)
    [problem] = problems_in(course, "aid_flows.csv")
    assert "unexpected column 'notes'" in problem.message


def test_ragged_row_names_its_line(course):
    """Does a row with a cell too few say which line and how many cells it has?"""
    rewrite(course, "aid_programs_crs.csv", lambda rows: rows[5].pop())
    problems = problems_in(course, "aid_programs_crs.csv")
    ragged = "has 11 cells where the header has 12"
    assert any(p.line == 6 and ragged in p.message for p in problems)


def test_blank_line_is_reported_once(course):
    """Does a blank line in a table give one problem naming its line, not one per column?"""
    rewrite(course, "aid_flows.csv", lambda rows: rows.insert(3, []))
    [problem] = problems_in(course, "aid_flows.csv")
    assert (problem.line, problem.message) == (4, "blank line (delete it)")


def test_missing_file_is_reported(course):
    """Does a resource whose CSV is gone give a problem naming the file?"""
    (course / "data" / "aid_flows.csv").unlink()
    [problem] = problems_in(course, "aid_flows.csv")
    assert "cannot be read" in problem.message


def test_every_problem_is_collected_not_only_the_first(course):
    """Are problems in several rows and several files all reported in one run?"""
    set_cell(course, "aid_flows.csv", 10, "economic_current_musd", "-1")
    set_cell(course, "aid_flows.csv", 11, "year", "19x8")
    set_cell(course, "aid_programs_crs.csv", 3, "category", "other")
    found = {(p.file, p.line) for p in validate_package(Course(course))}
    assert {
        ("data/aid_flows.csv", 11),
        ("data/aid_flows.csv", 12),
        ("data/aid_programs_crs.csv", 4),
    } <= found


def test_load_table_raises_with_every_problem(course):
    """Does load_table refuse invalid data with a CourseFileError carrying each problem?"""
    set_cell(course, "aid_flows.csv", 10, "economic_current_musd", "-1")
    set_cell(course, "aid_flows.csv", 12, "source_id", "nowhere")
    with pytest.raises(CourseFileError) as caught:
        load_table("aid_flows", course=Course(course))
    assert [p.line for p in caught.value.problems] == [11, 13]
    assert "data/aid_flows.csv:11: economic_current_musd: value '-1'" in str(caught.value)


def test_load_table_catches_a_problem_in_the_sources_it_relies_on(course):
    """Does load_table refuse a table whose sources.csv is itself broken?"""
    set_cell(course, "sources.csv", 1, "year", "twenty")
    with pytest.raises(CourseFileError, match="data/sources.csv:2: year"):
        load_table("aid_flows", course=Course(course))


def test_load_table_of_unknown_name_lists_the_tables():
    """Does asking for a table that does not exist name the tables that do?"""
    with pytest.raises(LookupError, match="aid_flows"):
        load_table("aid_flow")


def test_descriptor_that_is_not_json_is_one_problem(course):
    """Does a datapackage.json that is not JSON give one problem naming the file?"""
    (course / "data" / "datapackage.json").write_text("{", encoding="utf-8")
    [problem] = validate_package(Course(course))
    assert problem.file == "data/datapackage.json"
    assert "not valid JSON" in problem.message


DESCRIPTOR_CASES = {
    "unknown-type": (
        lambda d: field(d, "aid_flows", "year").update(type="float"),
        "resources/1/schema/fields/1/type",
    ),
    "misspelt-constraint": (
        lambda d: field(d, "aid_flows", "year")["constraints"].update(minimun=0),
        "resources/1/schema/fields/1/constraints",
    ),
    "key-field-not-declared": (
        lambda d: resource(d, "aid_flows")["schema"].update(primaryKey=["fy"]),
        "aid_flows",
    ),
    "bad-regex": (
        lambda d: field(d, "aid_flows", "fiscal_year")["constraints"].update(pattern="[0-9"),
        "aid_flows/fiscal_year",
    ),
    "enum-value-not-a-date": (
        lambda d: field(d, "aid_programs_crs", "table_version")["constraints"]["enum"].append(
            "2019-13-01"
        ),
        "aid_programs_crs/table_version",
    ),
    "foreign-key-to-missing-table": (
        lambda d: resource(d, "aid_flows")["schema"]["foreignKeys"][0]["reference"].update(
            resource="source"
        ),
        "aid_flows",
    ),
    "foreign-key-to-missing-field": (
        lambda d: resource(d, "aid_flows")["schema"]["foreignKeys"][0]["reference"].update(
            fields="id"
        ),
        "aid_flows",
    ),
    "duplicate-resource-name": (
        lambda d: resource(d, "aid_programs_crs").update(name="aid_flows"),
        "aid_flows",
    ),
}


@pytest.mark.parametrize(("change", "where"), DESCRIPTOR_CASES.values(), ids=DESCRIPTOR_CASES)
def test_broken_descriptor_names_where(course, change, where):
    """Does a schema mistake in datapackage.json give one problem that says where it is?"""
    edit_descriptor(course, change)
    [problem] = validate_package(Course(course))
    assert (problem.file, problem.item) == ("data/datapackage.json", where)


def test_load_table_with_broken_descriptor_names_the_descriptor(course):
    """Does load_table report a schema mistake in datapackage.json rather than crash on it?"""
    edit_descriptor(course, lambda d: field(d, "aid_flows", "year").update(type="float"))
    with pytest.raises(CourseFileError, match="data/datapackage.json"):
        load_table("aid_flows", course=Course(course))


CAST_CASES = {
    "integer-rejects-decimal": ({"type": "integer"}, "1.5", None),
    "integer-accepts-sign": ({"type": "integer"}, "-12", -12),
    "number-rejects-thousands-comma": ({"type": "number"}, "1,000", None),
    "number-rejects-infinity": ({"type": "number"}, "inf", None),
    "number-accepts-exponent": ({"type": "number"}, "1.5e3", 1500.0),
    "boolean-honours-true-values": ({"type": "boolean", "trueValues": ["Y"]}, "Y", True),
    "year-rejects-two-digits": ({"type": "year"}, "76", None),
    "year-rejects-non-ascii-digits": ({"type": "year"}, "\u0661\u0669\u0666\u0662", None),
    "string-kept-as-is": ({"type": "string"}, " a b ", " a b "),
}


@pytest.mark.parametrize(("spec", "text", "expected"), CAST_CASES.values(), ids=CAST_CASES)
def test_cell_casting(tmp_path, spec, text, expected):
    """Is each cell read as its Table Schema type says, and rejected when it is not one?"""
    path = tmp_path / "t.csv"
    path.write_text(f'x\n"{text}"\n', encoding="utf-8")
    table = read_table(path, {"fields": [{"name": "x", **spec}]}, "t.csv")
    assert table.columns["x"] == [expected]
    assert bool(table.problems) == (expected is None)


def test_declared_missing_values_are_missing(tmp_path):
    """Is a cell matching the schema's missingValues read as missing, not as text?"""
    path = tmp_path / "t.csv"
    path.write_text("x\nNA\n3\n", encoding="utf-8")
    schema = {"fields": [{"name": "x", "type": "integer"}], "missingValues": ["NA"]}
    table = read_table(path, schema, "t.csv")
    assert (table.columns["x"], table.problems) == ([None, 3], [])
