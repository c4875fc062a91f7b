"""JSON Schemas for the fact files, generated from the models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .kinds import KINDS

#: the repository, and the address publish.yml deploys its site to: GitHub Pages of this
#: repository (a custom domain set in SITE_URL would redirect from there)
REPOSITORY = "https://github.com/exchange-record/exchange-record"
SITE = "https://exchange-record.github.io/exchange-record/"
#: where the site publishes the schemas (`data/schemas/` in site/export.py), so that each
#: schema's `$id` resolves to the schema itself
SCHEMA_BASE = SITE + "data/schemas/"


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, one per kind of fact."""
    out = {}
    for kind, entry in KINDS.items():
        model = entry.model
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{kind}.schema.json",
            **schema,
        }
        schema["title"] = f"exchange-record {entry.singular}"
        out[f"{kind}.schema.json"] = schema
    return out


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(dump(schema), encoding="utf-8")
        written.append(path)
    return written
