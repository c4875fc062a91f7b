"""exchange-record: a source-attributed record of the 2025 Russia-Ukraine exchanges
of soldiers' remains and prisoners of war.

The core turns a folder of YAML facts into a record and Markdown pages and never
imports MkDocs; `cli.py` and `plugin.py` are thin adapters over it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Diagnostic", "Record", "Severity", "build_record"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Imported on first use: `python -m exchange_record.site.chart` needs none of it.
    if name in ("Diagnostic", "Severity"):
        from .record import diagnostics

        return getattr(diagnostics, name)
    if name in ("Record", "build_record"):
        from .record import build

        return getattr(build, name)
    raise AttributeError(f"module 'exchange_record' has no attribute {name!r}")
