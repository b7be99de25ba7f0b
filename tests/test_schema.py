"""The JSON Schema is generated from the records the loader uses, shipped
beside facts.toml, and agrees with the loader on what is valid."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rtoml

from cnii import factbase
from cnii.errors import CniiError, FactFileError, SchemaError
from cnii.records import json_schema

from .conftest import DATA, REPO

SCHEMA = json_schema()


def as_json(value: Any) -> Any:
    """Parsed TOML as a JSON document: dates as the strings an editor sees."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def errors(path: Path) -> list[str]:
    document = as_json(rtoml.loads(path.read_text(encoding="utf-8-sig")))
    return [e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(document)]


def test_the_schema_is_valid_draft_7() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "shipped", [REPO / "facts.schema.json", REPO / "cnii" / "facts.schema.json"]
)
def test_the_shipped_schema_is_the_generated_one(shipped: Path) -> None:
    """Regenerate with: cnii schema > facts.schema.json"""
    assert json.loads(shipped.read_text(encoding="utf-8")) == SCHEMA


def test_the_bundled_fact_base_names_its_schema() -> None:
    first = (REPO / "facts.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./facts.schema.json"


VALID = [
    REPO / "facts.toml",
    *sorted((DATA / "valid").glob("*.toml")),
    *sorted((REPO / "examples").glob("*.toml")),
]


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fact_bases_satisfy_the_schema(path: Path) -> None:
    assert errors(path) == []


def _schema_level(path: Path) -> bool:
    """Whether cnii rejects the file for its shape (what a schema can see)."""
    try:
        factbase.load(str(path))
    except FactFileError:
        return False
    except SchemaError as error:
        # JSON Schema cannot say that ids are unique across kinds.
        return "is already used by" not in error.message
    except CniiError:
        return False
    return False


SHAPE_ERRORS = [
    p for p in sorted((DATA / "invalid").glob("*.toml")) if p.is_file() and _schema_level(p)
]


def test_there_are_shape_errors_to_try() -> None:
    assert len(SHAPE_ERRORS) >= 20


@pytest.mark.parametrize("path", SHAPE_ERRORS, ids=[p.stem for p in SHAPE_ERRORS])
def test_the_schema_rejects_what_the_loader_rejects_for_its_shape(path: Path) -> None:
    assert errors(path), f"{path.name} passes the schema"


def test_cnii_schema_prints_it(cli: Any) -> None:
    assert json.loads(cli("schema").stdout) == SCHEMA
