"""Hostile input, round two: git history, the home summary and chart text are input too.

Whatever `validate --strict` accepts, `mkdocs build --strict` publishes: each crafted
record below validates, builds, and its pages show the crafted text as text.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli, write_facts
from exchange_record.site.history import read_history
from sitetools import make_project, mkdocs_build, parse_html

pytestmark = pytest.mark.build

# --- the crafted records --------------------------------------------------------------

#: File names that git history may hold although no fact can have them.
HOSTILE_NAMES = [
    "events/[x](javascript:alert(1)).yaml",
    "events/`[y](javascript:alert(2))`.yaml",
    "events/<img src=x onerror=alert(3)>.yaml",
    "events/tab\there \"quoted\".yaml",
    "events/new\nline.yaml",
    "events/ünïcode.yaml",
]
NON_UTF8_NAME = os.fsdecode(b"events/\xff\xfe.yaml")  # raw bytes in a name: git keeps them
HOSTILE_SUBJECT = ("[click](javascript:alert(4)) <script>alert(5)</script> `code` "
                   "{: onclick=alert(6) } **bold** &amp;")
# Under \x1e/\x1f-separated parsing this subject forged a commit dated 2099-12-31.
FORGED_SUBJECT = "Remove them\x1e" + "f" * 40 + "\x1f2099-12-31\x1fForged commit"
FAR_FUTURE = "@9972028800 +0000"  # 2286-01-01, beyond dates.PartialDate's 2100 (git's ISO parser stops at 2099)

TOTAL = ("title: T\nmeasure: remains-to-ukraine\nvalue: {value}\nunit: bodies\nscope: cumulative\n"
         "as_of: {as_of}\nclaimed_by: {who}\nsources: [report-one]\n")
RECORDS: dict[str, dict[str, str | bytes | None]] = {
    "history": {},  # BASE, with the git history made by `_git_history`
    # Running totals that rise on different days: they differ, yet do not disagree.
    "totals-on-different-days": {
        "figures/total-a-1.yaml": TOTAL.format(value=100, as_of="2025-06-01", who="claimant-ru"),
        "figures/total-a-2.yaml": TOTAL.format(value=200, as_of="2025-06-10", who="claimant-ru"),
        "figures/total-b-1.yaml": TOTAL.format(value=150, as_of="2025-06-05", who="claimant-ua"),
    },
    # Names that matplotlib would read as mathtext, or leave out of a legend.
    "chart-names": {
        "actors/math-name.yaml": "name: '$\\undefinedmacro$ and $x^$'\nkind: official\nside: russia\n",
        "actors/underscore-name.yaml": "name: _hidden claimant\nkind: official\nside: ukraine\n",
        "figures/total-math.yaml": TOTAL.format(value=10, as_of="2025-06-01", who="math-name"),
        "figures/total-underscore.yaml": TOTAL.format(value=10, as_of="2025-06-01", who="underscore-name"),
    },
}


def _git(project: Path, *args: str, date: str = "2025-06-14T10:00:00") -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                        "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"})


def _git_history(project: Path) -> None:
    """Hostile names added then removed, hostile subjects, and a commit from 2286."""
    facts = project / "facts"
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "Seed record")
    for name in [*HOSTILE_NAMES, NON_UTF8_NAME]:
        (facts / name).write_text("title: x\n", encoding="utf-8", errors="surrogateescape")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", HOSTILE_SUBJECT, date="2025-06-15T10:00:00")
    for name in [*HOSTILE_NAMES, NON_UTF8_NAME]:
        (facts / name).unlink()
    count = facts / "figures" / "count-ru.yaml"
    count.write_text(count.read_text().replace("title: Count per RU", "title: Count as stated by RU"))
    _git(project, "add", "-A", ".")
    _git(project, "commit", "-qm", FORGED_SUBJECT, date="2025-06-16T10:00:00")
    claimant = facts / "actors" / "claimant-ua.yaml"
    claimant.write_text(claimant.read_text() + "description: A body of the government.\n")
    _git(project, "commit", "-qam", "Wrong clock", date=FAR_FUTURE)


Built = tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str], Path]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Callable[[str], Built]:
    """`built(name)`: validate and build the record `name` once; (validate, build, project)."""
    cache: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in cache:
            tmp = tmp_path_factory.mktemp(name)
            facts = write_facts(tmp / "facts", RECORDS[name])
            project = make_project(tmp / "p", facts=facts)
            if name == "history":
                _git_history(project)
            validated = run_cli("validate", "--strict", str(project / "facts"), cwd=tmp)
            cache[name] = (validated, mkdocs_build(project), project)
        return cache[name]

    return get


def _site(built: Callable[[str], Built], name: str) -> Path:
    _validated, build, project = built(name)
    assert build.returncode == 0, build.stderr
    return project / "site"


def _text(page: Path) -> str:
    """What a reader sees: tags stripped, entities decoded, spaces collapsed."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def _no_live_markup(page: Path) -> None:
    raw = page.read_text(encoding="utf-8")
    for tag, attr, value in parse_html(page).refs:
        assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (tag, attr, value)
    assert not re.search(r"<[a-z][a-z0-9]*\s[^>]*?\bon[a-z]+\s*=", raw)
    assert "<script>alert" not in raw and "<img src=x" not in raw


# --- 5. whatever validate --strict accepts, mkdocs build --strict publishes ----------------

@pytest.mark.parametrize("name", sorted(RECORDS))
def test_what_validates_strictly_builds_strictly(built, name):
    validated, build, _project = built(name)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr


# --- 1. the Changes page: file names and subjects from git are text ------------------------

def test_changes_page_shows_hostile_file_names_and_subjects_as_text(built):
    page = _site(built, "history") / "changes" / "index.html"
    _no_live_markup(page)
    text = _text(page)
    for name in HOSTILE_NAMES:
        assert " ".join(name.split()) in text, name  # one line, as written
    assert "events/\ufffd\ufffd.yaml" in text  # undecodable bytes shown as replacement characters
    assert HOSTILE_SUBJECT in text  # `&amp;` too stays as typed
    raw = page.read_text(encoding="utf-8")
    assert not re.search(r"<code>[^<]*events/", raw)  # names are text, not code spans they can leave
    assert "<strong>bold</strong>" not in raw


# --- 2. git log parsing ---------------------------------------------------------------

def test_a_subject_with_record_separators_forges_no_commit(built):
    _validated, _build, project = built("history")
    history = read_history(project / "facts")
    shas = subprocess.run(["git", "rev-list", "HEAD"], cwd=project, capture_output=True, text=True,
                          check=True).stdout.split()
    assert [c.sha for c in history.commits] == shas
    assert [c.date for c in history.commits] == ["2286-01-01", "2025-06-16", "2025-06-15", "2025-06-14"]
    forged = history.commits[1]
    assert forged.subject == FORGED_SUBJECT
    assert forged.changed == ("figures/count-ru.yaml",)
    assert sorted(forged.removed) == sorted([*HOSTILE_NAMES, "events/\ufffd\ufffd.yaml"])
    assert history.last_changed["figures/count-ru.yaml"] == "2025-06-16"
    assert "2099-12-31" not in history.last_changed.values()

    site = _site(built, "history")
    changes = site / "changes" / "index.html"
    assert len(re.findall(r'<h2 id="changes-[0-9-]+"', changes.read_text(encoding="utf-8"))) == 4
    assert _text(changes).count("Reason given:") == 4
    assert "Forged commit" in _text(changes)  # part of the real commit's subject, not a commit
    count = _text(site / "figures" / "count-ru" / "index.html")
    assert "Last changed on 16 June 2025" in count
    # the fact's own history gives the forged commit's subject as text, whole, on one line
    _no_live_markup(site / "figures" / "count-ru" / "index.html")
    history = count.split("This fact's history, newest first:", 1)[1]
    assert "16 June 2025: Remove them " in history and "14 June 2025: Seed record" in history
    assert re.findall(r"(\d{1,2} \w+ \d{4}): ", history.split("To cite", 1)[0]) == ["16 June 2025", "14 June 2025"]


def test_paths_come_through_exactly(built):
    _validated, _build, project = built("history")
    added = read_history(project / "facts").commits[2].added
    assert sorted(added) == sorted([*HOSTILE_NAMES, "events/\ufffd\ufffd.yaml"])


def test_a_commit_dated_2286_builds_and_shows_its_date_as_written(built):
    site = _site(built, "history")
    assert "2286-01-01 ¶ Changed: Claimant UA (actor). Reason given: Wrong clock" in _text(site / "changes" / "index.html")
    actor = _text(site / "actors" / "claimant-ua" / "index.html")
    assert "A body of the government." in actor
    assert "Last changed on 14 June 2025" not in actor  # never an older commit's date instead


# --- 3. the home summary links only to sections that exist -----------------------------

def test_totals_of_different_dates_are_not_called_a_disagreement(built):
    site = _site(built, "totals-on-different-days")
    home = site / "index.html"
    summary = home.read_text(encoding="utf-8").split('id="summary-remains-to-ukraine"', 1)[1]
    summary = summary.split("<h", 1)[0].split("Each line is one transfer", 1)[0]  # the page's own text after
    assert "Claimants disagree" not in summary
    assert "disagreements/" not in summary
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", summary)).split())
    assert "The latest totals differ" in text and "different dates" in text
    assert 'href="ledger/#remains-to-ukraine"' in summary
    assert 'id="remains-to-ukraine"' in (site / "ledger" / "index.html").read_text(encoding="utf-8")
    assert 'id="remains-to-ukraine"' not in (site / "disagreements" / "index.html").read_text(encoding="utf-8")


# --- 4. chart text is drawn as written ----------------------------------------------------

def test_chart_names_are_drawn_as_written(built):
    site = _site(built, "chart-names")
    svg = (site / "ledger" / "remains-to-ukraine.svg").read_text(encoding="utf-8")
    texts = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]
    assert "$\\undefinedmacro$ and $x^$: total" in texts
    assert "_hidden claimant: total" in texts  # an underscore does not hide it from the legend
