"""The course's Data Package: ``data/datapackage.json`` and the CSV tables it describes.

``validate_package`` is what ``uspak check`` runs; ``read_resource`` is what ``load_table`` runs.
Both read a table together with every table its foreign keys point to (in practice ``sources``),
so a dangling ``source_id`` is caught whichever way the data is used.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from uspak.course import Course, located
from uspak.data.tableschema import (
    Table,
    as_list,
    field_constraint_problems,
    find_dangling_keys,
    read_table,
)
from uspak.problems import CourseFileError, Problem
from uspak.schema_check import schema_errors

DESCRIPTOR = "datapackage.json"
DESCRIPTOR_LABEL = f"data/{DESCRIPTOR}"


def read_descriptor(course: Course | None = None) -> dict:
    """The parsed ``datapackage.json``; raises CourseFileError if it is not a JSON object.

    Parsed once per version of the file (a lesson calls ``load_table`` many times); each caller
    gets its own copy, so that no caller can change what the next one reads.
    """
    path = located(course).data / DESCRIPTOR
    try:
        stat = path.stat()
    except OSError as err:
        raise CourseFileError([Problem(DESCRIPTOR_LABEL, f"cannot be read: {err}")]) from None
    return json.loads(_descriptor_text(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _descriptor_text(name: str, _mtime_ns: int, _size: int) -> str:
    """The descriptor re-serialised after checking it (a str is immutable; a dict is not)."""
    try:
        descriptor = json.loads(Path(name).read_text(encoding="utf-8"))
    except OSError as err:
        raise CourseFileError([Problem(DESCRIPTOR_LABEL, f"cannot be read: {err}")]) from None
    except ValueError as err:
        raise CourseFileError([Problem(DESCRIPTOR_LABEL, f"is not valid JSON: {err}")]) from None
    if not isinstance(descriptor, dict):
        raise CourseFileError([Problem(DESCRIPTOR_LABEL, "must be a JSON object")])
    return json.dumps(descriptor)


def resources_by_name(descriptor: dict) -> dict[str, dict]:
    """The resources that have a name (a malformed list is descriptor_problems' to report)."""
    resources = descriptor.get("resources")
    return {
        r["name"]: r
        for r in (resources if isinstance(resources, list) else [])
        if isinstance(r, dict) and isinstance(r.get("name"), str)
    }


def list_tables(course: Course | None = None) -> list[str]:
    """The names ``load_table`` accepts, in the order the package lists them."""
    return list(resources_by_name(read_descriptor(course)))


def validate_package(course: Course | None = None) -> list[Problem]:
    """Every problem in the descriptor and in every table, not only the first."""
    course = located(course)
    try:
        descriptor = read_descriptor(course)
    except CourseFileError as err:
        return err.problems
    problems = descriptor_problems(descriptor)
    if problems:
        return problems  # the tables cannot be read reliably against a broken descriptor
    resources = resources_by_name(descriptor)
    tables = {name: _read(course, resource) for name, resource in resources.items()}
    for name, table in tables.items():
        problems += table.problems
        problems += _foreign_key_problems(table, resources[name], tables, resources)
    return problems


def read_resource(name: str, course: Course | None = None) -> tuple[Table, dict]:
    """One table, cast and checked with the tables it refers to; raises CourseFileError.

    The descriptor's JSON Schema is checked only when reading trips over it, so that a lesson's
    ``load_table`` does not pay for importing jsonschema.
    """
    course = located(course)
    descriptor = read_descriptor(course)
    resources = resources_by_name(descriptor)
    if name not in resources:
        raise LookupError(
            f"no table named {name!r} in {DESCRIPTOR_LABEL}; tables: {', '.join(resources)}"
        )
    try:
        return _read_with_references(name, course, resources)
    except (KeyError, TypeError, AttributeError, ValueError, re.error):
        problems = descriptor_problems(descriptor)
        if problems:
            raise CourseFileError(problems) from None
        raise


def _read_with_references(
    name: str, course: Course, resources: dict[str, dict]
) -> tuple[Table, dict]:
    resource = resources[name]
    tables = {name: _read(course, resource)}
    for key in resource["schema"].get("foreignKeys", []):
        target = key["reference"]["resource"] or name
        if target not in tables and target in resources:
            tables[target] = _read(course, resources[target])
    problems = list(tables[name].problems)
    problems += _foreign_key_problems(tables[name], resource, tables, resources)
    for other, table in tables.items():
        if other != name:  # problems inside a referenced table make its keys untrustworthy
            problems += table.problems
    if problems:
        raise CourseFileError(problems)
    return tables[name], resource


def _read(course: Course, resource: dict) -> Table:
    return read_table(course.data / resource["path"], resource["schema"], _label(resource))


def _label(resource: dict) -> str:
    return f"data/{resource['path']}"


def _foreign_key_problems(
    table: Table, resource: dict, tables: dict[str, Table], resources: dict[str, dict]
) -> list[Problem]:
    problems = []
    for key in resource["schema"].get("foreignKeys", []):
        target_name = key["reference"]["resource"] or resource["name"]
        target = tables.get(target_name)
        if target is None:
            message = f"foreign key refers to a table {target_name!r} that is not in the package"
            problems.append(Problem(DESCRIPTOR_LABEL, message, item=resource["name"]))
            continue
        target_fields = as_list(key["reference"]["fields"])
        target_keys = {values for _, values in target.key_tuples(target_fields)}
        problems += find_dangling_keys(table, as_list(key["fields"]), target.label, target_keys)
    return problems


def descriptor_problems(descriptor: dict) -> list[Problem]:
    """The descriptor against its JSON Schema, then what a JSON Schema cannot say."""
    problems = [
        Problem(DESCRIPTOR_LABEL, err.message, item="/".join(map(str, err.absolute_path)) or None)
        for err in schema_errors("datapackage", descriptor)
    ]
    if problems:
        return problems
    resources = descriptor["resources"]
    declared = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in resources}
    names = [r["name"] for r in resources]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(DESCRIPTOR_LABEL, "two resources share this name", item=name))
    if problems:
        return problems  # foreign keys cannot be resolved while a name is ambiguous
    for resource in resources:
        problems += _schema_problems(resource, declared)
    return problems


def _schema_problems(resource: dict, declared: dict[str, set[str]]) -> list[Problem]:
    """What would otherwise blame every row instead of the schema: keys that name no field,
    foreign keys to a missing table, patterns that do not compile, bounds of the wrong type."""
    where = resource["name"]
    schema = resource["schema"]
    named = [(where, name) for name in as_list(schema.get("primaryKey"))]
    problems = []
    for key in schema.get("foreignKeys", []):
        target = key["reference"]["resource"] or where
        named += [(where, name) for name in as_list(key["fields"])]
        if target in declared:
            named += [(target, name) for name in as_list(key["reference"]["fields"])]
        else:
            message = f"foreign key refers to a table {target!r} that is not in the package"
            problems.append(Problem(DESCRIPTOR_LABEL, message, item=where))
    problems += [
        Problem(DESCRIPTOR_LABEL, f"key field {name!r} is not a field of {table!r}", item=where)
        for table, name in named
        if name not in declared[table]
    ]
    for spec in schema["fields"]:
        problems += [
            Problem(DESCRIPTOR_LABEL, message, item=f"{where}/{spec['name']}")
            for message in field_constraint_problems(spec)
        ]
    return problems
