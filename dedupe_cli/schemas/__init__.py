"""The JSON Schemas of the tool's JSON documents, shipped with the package."""

from __future__ import annotations

import json
from typing import Any

#: The documents that have a schema, by the name ``dedupe schema NAME`` takes.
SCHEMAS = ("scan", "claims")


def schema_text(name: str) -> str:
    """The schema of document ``name`` as JSON text."""
    if name not in SCHEMAS:
        raise KeyError(name)
    from importlib import resources

    return resources.files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """The schema of document ``name`` as a dict."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema
