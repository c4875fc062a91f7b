"""The Atom feed of changes, and the whole git history behind it and the Changes page.

The feed is read by any feed reader: it must parse as XML whatever git holds
(subjects and file names are hostile input, see test_hostile_site.py), list the
newest changes first and link each to the page of the fact it touched.
"""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import write_facts
from exchange_record.record.build import Record, build_record
from exchange_record.site.feed import FEED_PATH, LIMIT, UNKNOWN_TIME, atom, clean
from exchange_record.site.history import Commit, History, read_history

A = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.org/record"
#: the host of the record's own address, which names the feed's entries (`tag:` URIs)
SITE_HOST = __import__("urllib.parse").parse.urlsplit(__import__("exchange_record.record.schema").record.schema.SITE).hostname


def _git(project: Path, *args: str, date: str = "2025-06-14T10:00:00+00:00",
         stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, input=stdin,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                               "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(project), "PATH": "/usr/bin:/bin"})
    return done.stdout.decode("utf-8", errors="replace")


def _parse(xml: bytes) -> ET.Element:
    root = ET.fromstring(xml)
    assert root.tag == f"{A}feed"
    return root


def _entries(root: ET.Element) -> list[dict[str, object]]:
    return [{
        "id": e.findtext(f"{A}id"), "title": e.findtext(f"{A}title"),
        "updated": e.findtext(f"{A}updated"), "summary": e.findtext(f"{A}summary"),
        "links": [(link.get("rel"), link.get("href")) for link in e.findall(f"{A}link")],
    } for e in root.findall(f"{A}entry")]


@pytest.fixture
def record(tmp_path: Path) -> tuple[Record, Path]:
    facts = write_facts(tmp_path / "p" / "facts", {"places/stray.yaml": "name: Stray\nkind: site\n"})
    built, _ = build_record(facts)
    return built, facts


# --- the feed of a real history ------------------------------------------------------------

def _seeded(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose facts (the test record and a stray place) are its first commit."""
    project = tmp_path / "p"
    facts = write_facts(project / "facts", {"places/stray.yaml": "name: Stray\nkind: site\n"})
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "Seed record")
    return project, facts


def test_feed_lists_the_last_changes_of_a_git_repository(tmp_path):
    project, facts = _seeded(tmp_path)
    count = facts / "figures" / "count-ru.yaml"
    count.write_text(count.read_text().replace("title: Count per RU", "title: Count as stated by RU"))
    _git(project, "commit", "-qam", "Reword the count", date="2025-06-15T10:00:00+00:00")
    (facts / "sources" / "report-two.yaml").write_text(
        "title: Report two\nkind: news-article\npublished: 2025-06-14\nurl: https://example.org/two\n")
    (facts / "places" / "stray.yaml").unlink()
    _git(project, "add", "-A", ".")
    _git(project, "commit", "-qm", "Add a second report, remove a stray place", date="2025-06-16T10:00:00+00:00")
    (facts / "README.md").write_text("Not a fact.\n")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "A read-me, no fact", date="2025-06-17T10:00:00+00:00")
    shas = _git(project, "rev-list", "HEAD").split()
    record, _ = build_record(facts)

    root = _parse(atom(read_history(facts), record, SITE_URL))
    assert root.findtext(f"{A}updated") == "2025-06-16T10:00:00+00:00"  # the newest entry
    assert [(link.get("rel"), link.get("href")) for link in root.findall(f"{A}link")] == [
        ("alternate", f"{SITE_URL}/changes/"), ("self", f"{SITE_URL}/{FEED_PATH}")]
    entries = _entries(root)
    assert [e["summary"] for e in entries] == [  # newest first; the read-me commit is no change to facts
        "Add a second report, remove a stray place", "Reword the count", "Seed record"]
    assert [e["id"] for e in entries] == [f"tag:exchange-record.github.io,2025:commit:{sha}" for sha in shas[1:]]
    assert [e["updated"] for e in entries] == [
        "2025-06-16T10:00:00+00:00", "2025-06-15T10:00:00+00:00", "2025-06-14T10:00:00+00:00"]
    assert entries[0]["title"] == "Added: Report two; removed: places/stray.yaml"
    assert entries[0]["links"] == [("alternate", f"{SITE_URL}/sources/report-two/")]
    assert entries[1]["title"] == "Changed: Count as stated by RU"
    assert entries[1]["links"] == [("alternate", f"{SITE_URL}/figures/count-ru/")]
    assert str(entries[2]["title"]).startswith("Added: ") and str(entries[2]["title"]).endswith(" more")
    assert len(entries[2]["links"]) == 7  # the seven facts still in the record: one alternate, six related

    relative = _entries(_parse(atom(read_history(facts), record)))
    assert relative[0]["links"] == [("alternate", "sources/report-two/")]  # from the feed at the root
    assert [link.get("rel") for link in _parse(atom(History(), record)).findall(f"{A}link")] == ["alternate"]


def test_hostile_subjects_and_file_names_stay_text(tmp_path):
    project = tmp_path / "p"
    facts = write_facts(project / "facts", {})
    record, _ = build_record(facts)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "Seed record")
    names = ["events/<b onclick=alert(1)>bold.yaml", "events/a&b]]>.yaml", "events/ctrl\x01\x1b[31m.yaml",
             "events/new\nline.yaml", "events/\u202eevil.yaml", os.fsdecode(b"events/\xff\xfe.yaml")]
    for name in names:
        (facts / name).write_text("title: x\n", encoding="utf-8", errors="surrogateescape")
    subject = ("<script>alert(1)</script> & ]]> <![CDATA[x]]> &amp; \x1b[31mred\x1b[0m \x07 "
               "\u202egnp.exe <?xml version='1.0'?> <entry><id>forged</id></entry>")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", subject, date="2025-06-15T10:00:00+00:00")

    xml = atom(read_history(facts), record, SITE_URL)
    root = _parse(xml)
    assert {el.tag for el in root.iter()} <= {f"{A}{t}" for t in (
        "feed", "id", "title", "subtitle", "updated", "link", "author", "name", "rights", "generator",
        "entry", "summary")}
    entries = _entries(root)
    assert len(entries) == 2
    summary = str(entries[0]["summary"])
    assert summary.startswith("<script>alert(1)</script> & ]]> <![CDATA[x]]> &amp; ")
    assert "<entry><id>forged</id></entry>" in summary and "red" in summary
    title = str(entries[0]["title"])
    assert title.startswith("Added: ") and title.endswith(" more")  # six names: three shown
    every = ET.tostring(root, encoding="unicode")
    for bad in ("\x01", "\x07", "\x1b", "\u202e"):
        assert bad not in every
    # every name git gave is shown as text, whichever three the title lists
    added = read_history(facts).commits[0].added
    assert len(added) == len(names)
    for name in added:
        one = _entries(_parse(atom(History([Commit("f" * 40, "2025-06-15", "s", added=(name,))]), record)))[0]
        assert one["title"] == "Added: " + clean(name)
        assert one["links"] == [("alternate", "changes/#changes-2025-06-15")]  # no page: the day's changes
    assert "Added: events/<b onclick=alert(1)>bold.yaml" in [
        _entries(_parse(atom(History([Commit("f" * 40, "2025-06-15", "s", added=(n,))]), record)))[0]["title"]
        for n in added]


def test_a_files_history_follows_it_back_through_a_rename(tmp_path):
    project, facts = _seeded(tmp_path)
    stray = facts / "places" / "stray.yaml"
    stray.write_text("name: Stray place\nkind: site\n")
    _git(project, "commit", "-qam", "Name the place", date="2025-06-15T10:00:00+00:00")
    _git(project, "mv", "facts/places/stray.yaml", "facts/places/found.yaml", date="2025-06-16T10:00:00+00:00")
    _git(project, "commit", "-qm", "Rename the place", date="2025-06-16T10:00:00+00:00")
    history = read_history(facts)
    assert [c.subject for c in history.commits_of["places/found.yaml"]] == [
        "Rename the place", "Name the place", "Seed record"]
    assert "places/stray.yaml" not in history.commits_of  # one history, under the name it has now
    assert [c.subject for c in history.commits_of["figures/count-ru.yaml"]] == ["Seed record"]


def test_characters_git_cannot_hold_are_removed_too(record):
    """Whatever reaches `atom`, the result is XML: NUL, lone surrogates, noncharacters."""
    built, _facts = record
    commit = Commit("a" * 40, "2025-06-15", "nul\x00 surrogate\ud800 nonchar\ufffe\uffff bidi\u2066 ok",
                    changed=("figures/count-ru.yaml",), time="2025-06-15T10:00:00+02:00")
    entries = _entries(_parse(atom(History([commit]), built)))
    assert entries[0]["summary"] == "nul surrogate nonchar bidi ok"
    assert entries[0]["updated"] == "2025-06-15T10:00:00+02:00"
    assert entries[0]["title"] == "Changed: Count per RU"


# --- what the feed holds ------------------------------------------------------------------

def test_at_most_fifty_entries_newest_first(record):
    built, _facts = record
    commits = [Commit(f"{i:040x}", "2025-06-15", f"change {i}", changed=("figures/count-ru.yaml",))
               for i in range(70, 0, -1)]
    commits.insert(3, Commit("e" * 40, "2025-06-15", "no fact file touched"))
    entries = _entries(_parse(atom(History(commits), built, SITE_URL)))
    assert len(entries) == LIMIT == 50
    assert [e["summary"] for e in entries] == [f"change {i}" for i in range(70, 20, -1)]
    assert entries[0]["updated"] == "2025-06-15T00:00:00Z"  # no time given: the date at midnight


def test_long_titles_are_cut_and_counted(record):
    built, _facts = record
    paths = tuple(f"events/e{i}.yaml" for i in range(5))
    title = _entries(_parse(atom(History([Commit("b" * 40, "2025-06-15", "s", added=paths,
                                                 removed=("events/" + "x" * 200 + ".yaml",))]), built)))
    assert title[0]["title"] == ("Added: events/e0.yaml, events/e1.yaml, events/e2.yaml and 2 more; "
                                 "removed: events/" + "x" * 72 + "…")


def test_a_feed_without_history_is_valid_and_empty(record):
    built, _facts = record
    root = _parse(atom(History(), built, SITE_URL))
    assert root.findall(f"{A}entry") == []
    assert root.findtext(f"{A}updated") == UNKNOWN_TIME
    assert root.findtext(f"{A}author/{A}name") and root.findtext(f"{A}id")


@pytest.mark.parametrize(("code", "changed", "feed_title"), [
    ("uk", "Змінено: 27 тіл російських військових отримано від України, за словами Мединського",
     "Запис обмінів: зміни"),
    ("ru", "Изменено: 27 тел российских военных получены от Украины, по словам Мединского", "Запись обменов: изменения"),
])
def test_each_languages_feed_is_in_its_language_and_marks_the_english_reasons(code, changed, feed_title):
    """/uk/feed.xml was the English feed byte for byte: its readers got English titles."""
    from conftest import FACTS
    from exchange_record.site.locale import Locale
    from exchange_record.site.pages import Renderer

    built, _ = build_record(FACTS)
    locale = Locale(code)
    commit = Commit("c" * 40, "2025-06-15", "Say where the talks were",
                    changed=("figures/medinsky-27-bodies-to-russia.yaml",),
                    added=tuple(f"events/gone-{i}.yaml" for i in range(5)))
    root = _parse(atom(History([commit]), built, SITE_URL, locale=locale, label=Renderer(built, locale=locale).label))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(lang) == code and root.findtext(f"{A}title") == feed_title
    entry = root.find(f"{A}entry")
    assert entry is not None
    title = entry.findtext(f"{A}title") or ""
    assert title.startswith(changed + "; ") and title.endswith(f" {'і ще' if code == 'uk' else 'и еще'} 2")
    assert entry.findtext(f"{A}id") == f"tag:{SITE_HOST},2025:commit:{'c' * 40}:{code}"  # not the English entry's
    summary = entry.find(f"{A}summary")
    assert summary is not None and summary.text == "Say where the talks were" and summary.get(lang) == "en"
    english = _parse(atom(History([commit]), built, SITE_URL))
    assert english.get(lang) == "en" and english.find(f"{A}entry/{A}summary").get(lang) is None
    assert english.findtext(f"{A}entry/{A}id") == f"tag:{SITE_HOST},2025:commit:{'c' * 40}"


# --- the whole history ----------------------------------------------------------------------

def test_last_changed_dates_read_the_whole_history(tmp_path):
    """A fact last changed 600 commits ago still has its date (the log was once cut at 500)."""
    project = tmp_path / "p"
    (project / "facts").mkdir(parents=True)
    _git(project, "init", "-q", "-b", "main")
    stream = [b"commit refs/heads/main\ncommitter t <t@example.org> 1577872800 +0000\n"
              b"data 4\nold\nM 100644 inline facts/actors/old.yaml\ndata 8\nname: x\n\n"]
    for i in range(600):
        body = f"value: {i}\n".encode()
        stream.append(b"commit refs/heads/main\ncommitter t <t@example.org> 1750000000 +0000\n"
                      + f"data {len(str(i))}\n{i}\n".encode()
                      + b"M 100644 inline facts/figures/busy.yaml\n"
                      + f"data {len(body)}\n".encode() + body + b"\n")
    _git(project, "fast-import", "--quiet", stdin=b"".join(stream))
    _git(project, "reset", "-q", "--hard", "main")
    history = read_history(project / "facts")
    assert len(history.commits) == 601
    assert history.last_changed == {"figures/busy.yaml": "2025-06-15", "actors/old.yaml": "2020-01-01"}
    assert history.commits[-1].added == ("actors/old.yaml",)
    assert history.commits[-1].time == "2020-01-01T10:00:00+00:00"
