"""Benchmarks: `python tests/bench.py [--sizes 1000,10000] [--no-build]`.

For each size, a synthetic record (tests/synthetic.py) is written to a temporary
folder and measured (issue 18's targets):

* validate: `build_record` (read, parse, validate, cross-check), in-process,
  best of 3; files per second;
* full build: the site in its three languages, as `mkdocs serve` builds it
  first, in a fresh process; its peak memory is that of all its processes
  together (the languages built beside, the chart drawers: proportional set
  size, sampled twice a second, rebuilds included), and of the largest one;
* edit to preview: in that process, one edit of each kind (a figure's title, its
  value, a new fact, the new fact deleted), each followed by the rebuild
  `mkdocs serve` makes (`plugin.rebuild()`, a dirty build), plus the 0.1 s MkDocs'
  server waits after a change; each rebuilt page is checked for the edit; 5 s
  between edits, as a contributor reads the preview (the server collects the
  last rebuild's garbage meanwhile: src/exchange_record/garbage.py);
* floor: MkDocs and Material building as many near-empty pages (a heading and
  a line, at the same paths, with the same nav, search and tags), once per
  language, summed, best of `--rounds`; written and built in the same run;
* floor's edit to preview: the three languages' floor projects, each served in a
  process of its own at once (as the record's languages rebuild), one page edited
  in each and MkDocs' dirty rebuild, plus the server's 0.1 s: what MkDocs and
  Material alone cost an edit on two cores, before any of the record's work;
* search index per language, as written and gzip-compressed (what a browser
  downloads from a server that compresses, as GitHub Pages does): the first part,
  which a reader's browser downloads before the first result
  (`search/search_index.json`: every page but the fact pages whole, the fact pages
  by title), and the rest (`search/search_index_rest.json`, the fact pages whole),
  fetched after it (site/searchindex.py `first_entries`).

The tables are written to docs/benchmarks.md between its `bench.py` markers
(the analysis around them stays), with the machine they ran on. Not part of the
test run: targets are recorded numbers, not timed tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: the site's languages (mkdocs.yml), each a build of its own
LANGUAGES = ("en", "uk", "ru")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from exchange_record.cli import engine_config  # noqa: E402
from exchange_record.record.build import build_record  # noqa: E402
from exchange_record.site import chart  # noqa: E402
from exchange_record.site.export import data_files  # noqa: E402
from exchange_record.site.overview import Overview  # noqa: E402
from exchange_record.site.pages import Renderer  # noqa: E402
from synthetic import generate  # noqa: E402


def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def tree_pss_kib(root: int) -> int:
    """The proportional set size of `root` and every process under it, summed (KiB):
    pages processes share since a fork are counted once in all."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


class TreeMemory:
    """The largest `tree_pss_kib` of a process while it runs, sampled twice a second."""

    def __init__(self, pid: int) -> None:
        import threading

        self.peak_kib, self._pid, self._done = 0, pid, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.5):
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self._pid))

    def stop(self) -> int:
        """The peak, in MiB."""
        self._done.set()
        self._thread.join()
        return self.peak_kib // 1024


def timed_process(cmd: list[str], cwd: Path, env: dict[str, str],
                  memory: list[int] | None = None) -> tuple[float, int, str]:
    """Wall time, peak RSS of the largest process in MiB, and stderr of one command;
    with `memory`, the peak of all its processes together is appended to it."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(proc.pid) if memory is not None else None
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    if sampler is not None and memory is not None:
        memory.append(sampler.stop())
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024, err


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(size: int, work: Path, build: bool, rounds: int) -> dict[str, object]:
    project = work / f"p{size}"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    counts = generate(size, project / "facts")
    files = sum(counts.values())
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    facts = project / "facts"

    row: dict[str, object] = {"facts": files}
    validate = best_of(3, lambda: build_record(facts))
    row["validate_s"] = validate
    row["files_per_s"] = files / validate

    def plugin() -> None:
        record = build_record(facts)[0]
        renderer = Renderer(record)
        renderer.pages()
        Overview(renderer).pages()
        data_files(record)

    row["plugin_s"] = best_of(3, plugin)
    charts = Overview(Renderer(build_record(facts)[0])).charts()

    def draw() -> None:
        chart.forget()  # no reuse: draw every chart
        chart.draw(charts)

    draw()  # the first draw also imports matplotlib
    row["charts_s"] = best_of(3, draw)

    if build:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1750000000"}
        env.pop("OFFLINE", None)
        env.pop("RECORD_LANGUAGES", None)  # all three languages
        # The full build and the rebuilds after each kind of edit, as `mkdocs serve`
        # makes them, in one fresh process (its peak memory is the build's).
        memory: list[int] = []
        _, rss, err = timed_process([sys.executable, str(HERE / "bench.py"), "--serve-run", str(project)],
                                    project, env, memory)
        served = json.loads(err.strip().splitlines()[-1])
        row.update(build_s=served["full_s"], rss_mib=rss, mem_mib=memory[0], rounds=rounds,
                   **{f"edit_{k}_s": v for k, v in served["edits"].items()})
        site = project / "site"
        row["site_mib"] = dir_size(site) / 2**20
        for code in LANGUAGES:
            folder = site / ("" if code == LANGUAGES[0] else code) / "search"
            data = (folder / "search_index.json").read_bytes()
            row[f"search_{code}_mb"] = len(data) / 1e6
            row[f"search_{code}_gz_mb"] = len(gzip.compress(data, 6)) / 1e6
            rest = folder / "search_index_rest.json"
            row[f"search_{code}_rest_mb"] = rest.stat().st_size / 1e6 if rest.exists() else 0.0
        # The floor: MkDocs and Material building as many near-empty pages (a heading
        # and a line, the same paths, nav, search and tags), once per language, summed.
        floor_projects = []
        for code in LANGUAGES:
            floor_project = work / f"floor{size}-{code}"
            shutil.rmtree(floor_project, ignore_errors=True)
            floor_project.mkdir(parents=True)
            subprocess.run([sys.executable, "-m", "exchange_record.cli", "generate", "--facts-dir",
                            str(facts), "--language", code, "--docs-dir", str(project / "docs"),
                            "--out", str(floor_project / "docs")], check=True, stdout=subprocess.DEVNULL)
            for page in (floor_project / "docs").rglob("*.md"):
                page.write_text(f"# {page.stem.replace('-', ' ')}\n\nA line of text.\n", encoding="utf-8")
            config = engine_config((project / "mkdocs.yml").read_text(), Path("docs"))
            (floor_project / "mkdocs.yml").write_text(config.replace("language: en", f"language: {code}", 1))
            floor_projects.append(floor_project)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"]
        floors = [sum(timed_process(mkdocs, fp, env)[0] for fp in floor_projects) for _ in range(rounds)]
        row.update(floor_s=min(floors), ratio=row["build_s"] / min(floors))  # type: ignore[operator]
        figure = sorted((facts / "figures").glob("*.yaml"))[len(EDITS)].stem
        row["floor_edit_s"] = floor_edit(floor_projects, f"figures/{figure}.md", env)
    return row


EDITS = ("title", "value", "new", "deleted")
#: MkDocs' server waits this long after a change before it rebuilds (LiveReloadServer.build_delay)
DEBOUNCE_S = 0.1
#: a contributor reads the preview before the next edit; meanwhile the server collects
#: the last rebuild's garbage (garbage.py: a few seconds after a rebuild)
READ_S = 5.0


def edit(facts: Path, kind: str) -> tuple[str, str]:
    """One edit of `kind` to the record; the page that must then show it, and what
    it must show (nothing: the page must be gone)."""
    figure = sorted((facts / "figures").glob("*.yaml"))[len(EDITS)]
    page = f"figures/{figure.stem}/index.html"
    new = facts / "sources" / "zz-bench-new.yaml"
    if kind == "title":
        figure.write_text(figure.read_text().replace("title: ", "title: Retitled ", 1))
        return page, "Retitled "
    if kind == "value":
        text = figure.read_text()
        value = int(text.split("\nvalue: ", 1)[1].split("\n", 1)[0])
        figure.write_text(text.replace(f"\nvalue: {value}\n", f"\nvalue: {value + 7}\n", 1))
        return page, f"{value + 7:,}"
    if kind == "new":
        first = sorted((facts / "sources").glob("*.yaml"))[0]
        new.write_text(first.read_text().replace("title: ", "title: A new source ", 1))
        return "sources/zz-bench-new/index.html", "A new source"
    new.unlink()
    return "sources/zz-bench-new/index.html", ""


def serve_run(project: Path) -> None:
    """In this process, as `mkdocs serve` does: a full build, then a rebuild after
    each kind of edit; the times, as JSON on the last line of stderr."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.ERROR)

    def config():  # type: ignore[no-untyped-def]
        return load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    plugin = first.plugins["exchange-record"]
    t = time.perf_counter()
    build(first)
    out: dict[str, object] = {"full_s": time.perf_counter() - t, "edits": {}}
    for kind in EDITS:
        time.sleep(READ_S)
        page, shows = edit(project / "facts", kind)
        t = time.perf_counter()
        with plugin.rebuild():
            build(config(), dirty=True)
        out["edits"][kind] = time.perf_counter() - t + DEBOUNCE_S  # type: ignore[index]
        for code in ("", "uk/", "ru/") if kind != "value" else ("",):  # uk, ru group digits otherwise
            built = project / "site" / f"{code}{page}"
            if (shows in built.read_text(encoding="utf-8")) if shows else not built.exists():
                continue
            raise SystemExit(f"after the {kind} edit, site/{code}{page} does not show it")
    print(json.dumps(out), file=sys.stderr)


def floor_edit(projects: list[Path], page: str, env: dict[str, str]) -> float:
    """MkDocs and Material's own edit to preview on the floor: each language's floor
    project in a process of its own, all at once on the machine's cores (as the
    record's languages rebuild), built once, then `page` edited in each and the
    dirty rebuild `mkdocs serve` makes; from the edit to the last rebuild's end,
    plus the server's 0.1 s. What MkDocs costs an edit before any of the record's
    work."""
    go = projects[0].parent / "floor-edit-go"
    go.unlink(missing_ok=True)
    procs = [subprocess.Popen([sys.executable, str(HERE / "bench.py"), "--floor-serve-run", str(fp), page, str(go)],
                              cwd=fp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for fp in projects]
    for proc in procs:
        proc.stdout.readline()  # type: ignore[union-attr]  # built
    time.sleep(READ_S)
    start = time.time()
    go.touch()
    ends = []
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"the floor's rebuild failed: {err}")
        ends.append(json.loads(err.strip().splitlines()[-1])["end"])
    return max(ends) - start + DEBOUNCE_S


def floor_serve_run(project: Path, page: str, go: Path) -> None:
    """In this process: the floor project built as `mkdocs serve` builds it, then,
    once `go` exists, `page` edited and the dirty rebuild; when it ended, as JSON on
    the last line of stderr."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.ERROR)

    def config():  # type: ignore[no-untyped-def]
        return load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site-served"))

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    print("built", flush=True)
    while not go.exists():
        time.sleep(0.002)
    edited = project / "docs" / page
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    build(config(), dirty=True)
    if "Edited." not in (project / "site-served" / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8"):
        raise SystemExit(f"the floor's rebuild does not show the edit of {page}")
    print(json.dumps({"end": time.time()}), file=sys.stderr)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import material
    import mkdocs

    return (f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, "
            f"MkDocs {mkdocs.__version__}, Material {material.__version__}")


def table(rows: list[dict[str, object]]) -> str:
    cols = [("facts", "facts", "{}"), ("validate_s", "validate (s)", "{:.2f}"),
            ("files_per_s", "files/s", "{:,.0f}"), ("plugin_s", "site core, one language (s)", "{:.2f}"),
            ("charts_s", "charts, one language (s)", "{:.2f}"),
            ("build_s", "full build, 3 languages (s)", "{:.1f}"), ("floor_s", "floor, 3 languages (s)", "{:.1f}"),
            ("ratio", "full ÷ floor", "{:.2f}"), ("mem_mib", "peak memory, all processes (MiB)", "{}"),
            ("rss_mib", "largest process (MiB)", "{}"),
            *((f"edit_{k}_s", f"edit to preview: {k} (s)", "{:.2f}") for k in EDITS),
            ("floor_edit_s", "floor's edit to preview (s)", "{:.2f}"),
            ("search_en_mb", "search index en, first part (MB)", "{:.2f}"), ("search_en_gz_mb", "gzip (MB)", "{:.2f}"),
            ("search_en_rest_mb", "search index en, the rest (MB)", "{:.2f}"),
            ("site_mib", "site (MiB)", "{:.0f}")]
    cols = [c for c in cols if any(c[0] in r for r in rows)]
    out = ["| " + " | ".join(c[1] for c in cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(c[2].format(r[c[0]]) if c[0] in r else "" for c in cols) + " |" for r in rows]
    return "\n".join(out)


def targets(rows: list[dict[str, object]]) -> str:
    """Issue 18's targets, each with the measured number and whether it holds."""
    out = ["| target | measured | met |", "|---|---|---|"]

    def add(name: str, value: str, ok: bool) -> None:
        out.append(f"| {name} | {value} | {'yes' if ok else '**no**'} |")

    for r in rows:
        n = r["facts"]
        add(f"validate ≥ 10,000 files/s ({n} facts)", f"{r['files_per_s']:,.0f}", r["files_per_s"] >= 10_000)  # type: ignore[operator]
        if "build_s" not in r:
            continue
        limit = 1.0 if n <= 2000 else 2.0  # type: ignore[operator]
        for k in EDITS:
            v = r[f"edit_{k}_s"]
            add(f"edit to preview, {k}, ≤ {limit:.0f} s ({n} facts)", f"{v:.2f} s", v <= limit)  # type: ignore[operator]
        add(f"full build ÷ floor ≤ 2 ({n} facts)", f"{r['ratio']:.2f}", r["ratio"] <= 2)  # type: ignore[operator]
        for code in LANGUAGES:
            raw, gz, rest = r[f"search_{code}_mb"], r[f"search_{code}_gz_mb"], r.get(f"search_{code}_rest_mb", 0.0)
            add(f"search index before the first result ({code}) ≤ 2 MB ({n} facts)",
                f"{raw:.2f} MB ({gz:.2f} MB gzip); the rest after it {rest:.2f} MB", raw <= 2)  # type: ignore[operator]
        add(f"peak memory ≤ 2 GB, all processes ({n} facts)", f"{r['mem_mib']} MiB", r["mem_mib"] <= 2048)  # type: ignore[operator]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--no-build", action="store_true", help="skip the MkDocs builds")
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind, best kept")
    parser.add_argument("--out", default=str(REPO / "docs" / "benchmarks.md"))
    parser.add_argument("--serve-run", metavar="PROJECT", help=argparse.SUPPRESS)
    parser.add_argument("--floor-serve-run", nargs=3, metavar=("PROJECT", "PAGE", "GO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_serve_run:
        project, page, go = args.floor_serve_run
        floor_serve_run(Path(project), page, Path(go))
        return
    if args.serve_run:
        serve_run(Path(args.serve_run))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for size in sizes:
            print(f"measuring {size} facts...", file=sys.stderr)
            rows.append(measure(size, Path(tmp), build=not args.no_build, rounds=args.rounds))
            print(rows[-1], file=sys.stderr)
    text = table(rows)
    print(text)
    results = RESULTS.format(machine=machine(), table=text, targets=targets(rows),
                             date=time.strftime("%Y-%m-%d"))
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    if BEGIN in old and END in old:  # the measured part anew; the analysis around it stays
        results = old[:old.index(BEGIN)] + results + old[old.index(END) + len(END):]
    else:
        results = "# Benchmarks\n\n" + results + "\n"
    out.write_text(results, encoding="utf-8")


BEGIN, END = "<!-- bench.py: begin -->", "<!-- bench.py: end -->"
RESULTS = BEGIN + """
Measured with `python tests/bench.py` on {date}, on {machine}.

{table}

{targets}
""" + END

if __name__ == "__main__":
    main()
