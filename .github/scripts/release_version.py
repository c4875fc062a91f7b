"""Check that a release tag names the version that pyproject.toml and CITATION.cff give.

    python .github/scripts/release_version.py v0.1.0

Exit code 0 when `v` + the version in pyproject.toml equals the tag and
CITATION.cff gives the same version (and, under preferred-citation, the
same again); 1 otherwise, saying which file to change: a release whose
citation names another version would be cited wrongly.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def versions(root: Path) -> dict[str, str]:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    found = {"pyproject.toml": str(project["version"]),
             "CITATION.cff (version)": str(citation.get("version"))}
    preferred = citation.get("preferred-citation")
    if preferred is not None:
        found["CITATION.cff (preferred-citation)"] = str(preferred.get("version"))
    return found


def main(argv: list[str], root: Path = ROOT) -> int:
    if len(argv) != 1:
        print("usage: release_version.py TAG", file=sys.stderr)
        return 2
    tag = argv[0]
    wrong = {where: v for where, v in versions(root).items() if f"v{v}" != tag}
    for where, v in wrong.items():
        print(f"::error title=version mismatch::tag {tag} but {where} says {v}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
