"""exchange-record: a source-attributed record of the 2025 Russia-Ukraine exchanges
of soldiers' remains and prisoners of war.

The core turns a folder of YAML facts into a record and Markdown pages and never
imports MkDocs; `cli.py` and `plugin.py` are thin adapters over it.
"""

from .diagnostics import Diagnostic, Severity
from .record import Record, build_record

__all__ = ["Diagnostic", "Record", "Severity", "build_record"]
__version__ = "0.1.0"
