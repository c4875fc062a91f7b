"""Command line adapter: parses arguments, calls the core, prints, sets the exit code.

Exit codes: 0 fine, 1 the record (or the request) has problems, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from .record.build import Record, build_record, has_errors
from .record.diagnostics import Severity, display_path, summary, to_json
from .record.text import visible


class UsageError(Exception):
    """A request that cannot be carried out as asked (exit 2)."""


def _cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.facts_dir)
    if not root.is_dir():
        print(f"exchange-record: `{visible(str(root))}` is not a folder of facts", file=sys.stderr)
        return 2
    _record, diagnostics = build_record(root)
    if args.strict:  # warnings become errors, reported as such
        diagnostics = [replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d
                       for d in diagnostics]
    if args.format == "json":
        print(to_json(diagnostics))
    elif args.format == "github":
        for d in diagnostics:
            print(d.format_github())
        print(summary(diagnostics))
    else:
        for d in diagnostics:
            print(d.format_text())
        print(summary(diagnostics))
    return 1 if has_errors(diagnostics) else 0


def _cmd_new(args: argparse.Namespace) -> int:
    from .record.scaffold import ScaffoldError, scaffold

    try:
        path, text = scaffold(args.kind, args.id, Path(args.facts_dir))
    except ScaffoldError as exc:
        print(f"exchange-record new: {visible(str(exc))}", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:  # never overwrite, even in a race
            fh.write(text)
    except FileExistsError:
        print(f"exchange-record new: {visible(str(path))} already exists; not overwritten",
              file=sys.stderr)
        return 1
    print(f"wrote {path}: fill in every TODO, then run `exchange-record validate`")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .record.schema import write_schemas

    for path in write_schemas(_out_dir(args.out)):
        print(path)
    return 0


def _load_valid(facts_dir: str) -> tuple[Record | None, int]:
    """The record, or None after printing why it cannot be published."""
    root = Path(facts_dir)
    if not root.is_dir():
        print(f"exchange-record: `{visible(str(root))}` is not a folder of facts", file=sys.stderr)
        return None, 2
    record, diagnostics = build_record(root)
    if has_errors(diagnostics):
        for d in diagnostics:
            if d.severity is not Severity.NOTE:
                print(d.format_text(), file=sys.stderr)
        print(summary(diagnostics), file=sys.stderr)
        return None, 1
    return record, 0


def _out_dir(out: str) -> Path:
    """`--out`, which must be a folder or not exist yet."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out `{out}` is a file, not a folder")
    return path


def _write_tree(out: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")


def _cmd_generate(args: argparse.Namespace) -> int:
    record, code = _load_valid(args.facts_dir)
    if record is None:
        return code
    from .site.history import read_history
    from .site.manifest import build_site

    out = _out_dir(args.out)
    templates = Path(args.templates_dir) if args.templates_dir else None
    if args.write_config:  # the tables' links are written for one URL style: the engine's
        said = re.search(r"^use_directory_urls:\s*(\S+)", Path(args.config).read_text(encoding="utf-8"), re.M)
        directory_urls = said is None or said.group(1).lower() not in ("false", "no", "off")
        if directory_urls != args.directory_urls:
            fix = "add --no-directory-urls" if args.directory_urls else "leave out --no-directory-urls"
            style = str(directory_urls).lower()
            raise UsageError(f"{args.config} sets `use_directory_urls: {style}`: {fix}, "
                             "so that the tables' links lead where that engine writes the pages")
    from .site.pages import corrections_problem

    if args.corrections and (problem := corrections_problem(args.corrections)):
        raise UsageError(f"--corrections: {problem}")
    from .record.translations import LANGUAGES
    from .site.languages import translation_of
    from .site.locale import Locale

    languages = ["en", *LANGUAGES]
    site = build_site(record, templates, read_history(Path(args.facts_dir)), corrections=args.corrections,
                      locale=Locale(args.language), directory_urls=args.directory_urls)
    files: dict[str, str | bytes] = {}
    if args.docs_dir:  # the hand-written pages, with the home summary in place
        docs = Path(args.docs_dir)
        for path in sorted(p for p in docs.rglob("*") if p.is_file()):
            # sorted: `about.md` before `about.uk.md`, which then takes its place
            rel, language = translation_of(path.relative_to(docs).as_posix(), languages)
            if language is not None and language != args.language:
                continue  # another language's page
            files[rel] = (site.expand(path.read_text(encoding="utf-8"), rel) if path.suffix == ".md"
                          else path.read_bytes())
    for page, text in site.defaults.items():  # unless the hand-written pages have their own
        files.setdefault(page, text)
    clash = sorted(set(files) & set(site.pages))
    if clash:
        raise UsageError(f"{args.docs_dir}/{clash[0]} would hide the page generated from the facts")
    files.update(site.pages)
    files.update(site.files)
    files.update(site.finish())
    files.update(site.redirect_pages(directory_urls=args.directory_urls))
    _write_tree(out, files)
    if args.write_config:
        config = engine_config(Path(args.config).read_text(encoding="utf-8"), out)
        Path(args.write_config).write_text(config, encoding="utf-8")
        print(f"wrote {args.write_config}: {args.config} without the plugin, docs_dir: {out}")
    print(f"wrote {len(site.pages)} generated pages and {len(files) - len(site.pages)} other files to {out}")
    return 0


def engine_config(mkdocs_yml: str, docs_dir: Path) -> str:
    """`mkdocs_yml` for an engine that builds `generate`'s output: the same
    settings, with `docs_dir` pointing at it and the exchange-record plugin left
    out (its work is done). Text in, text out: the file's tags (`!ENV`) and
    comments stay as written."""
    lines, out, skipping = mkdocs_yml.splitlines(), [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping is not None:
            if line.strip() and indent <= skipping:
                skipping = None
            else:
                continue
        if re.fullmatch(r"\s*-\s*exchange-record:?\s*", line):
            skipping = indent
            continue
        if line.startswith("docs_dir:"):
            continue
        out.append(line)
    return f"docs_dir: {json.dumps(docs_dir.as_posix())}\n" + "\n".join(out) + "\n"


def _cmd_export(args: argparse.Namespace) -> int:
    from .site.export import data_files

    record, code = _load_valid(args.facts_dir)
    if record is None:
        return code
    files = {path.removeprefix("data/"): content for path, content in data_files(record).items()}
    _write_tree(_out_dir(args.out), files)
    print(f"wrote {len(files)} files to {args.out}")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .record.codes import CATALOGUE, CODES, close_to, explain

    if args.code is None:
        for c in CODES:
            print(f"{c.code:<20} {c.severity.value:<8} {c.meaning}")
        return 0
    if args.code not in CATALOGUE:
        near = close_to(args.code)
        raise UsageError(f"no code `{args.code}`" + (f"; did you mean `{near}`?" if near else "")
                         + " (`exchange-record explain` lists them all)")
    print(explain(args.code), end="")
    return 0


def _cmd_translate(args: argparse.Namespace) -> int:
    """Stamp translations with the fingerprint of the English they now match."""
    from .record.translate import PathError, fact_files, stamp_files
    from .record.translations import LANGUAGES, language_hint

    if not args.stamp:
        raise UsageError("say what to do: `--stamp` records, in each translation's `of:`, the "
                         "English it matches (run it once the translation matches the English)")
    if args.lang is not None and args.lang not in LANGUAGES:
        raise UsageError(f"--lang `{args.lang}` is not a language of the record "
                         f"({', '.join(LANGUAGES)}); {language_hint(args.lang)}")
    try:
        files = fact_files(Path(p) for p in args.paths)
    except PathError as exc:
        raise UsageError(str(exc)) from None
    result = stamp_files(files, (args.lang,) if args.lang else LANGUAGES)
    for s in result.stamped:
        was = "was stale" if s.was == "stale" else "had no fingerprint"
        print(f"{display_path(s.path)}:{s.line}:{s.col}: stamped `{s.lang}` translation "
              f"(of: {s.fingerprint}; {was})")
    for r in result.refused:
        for d in r.errors:
            print(d.format_text(), file=sys.stderr)
        print(f"{display_path(r.path)}: not stamped: {visible(r.reason)}", file=sys.stderr)
    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    if result.stamped:
        counted = (f"stamped {n(len(result.stamped), 'translation')} "
                   f"in {n(len({s.path for s in result.stamped}), 'file')}")
    else:
        counted = "nothing stamped"
    if result.current:
        counted += f"; {n(result.current, 'translation')} already matched the English"
    if result.refused:
        counted += f"; {n(len(result.refused), 'file')} refused"
    print(counted)
    return 1 if result.refused else 0


def _cmd_translations(args: argparse.Namespace) -> int:
    """The coverage report: a report, so it exits 0 whatever it finds."""
    from .record.translate import coverage

    root = Path(args.facts_dir)
    if not root.is_dir():
        print(f"exchange-record: `{visible(str(root))}` is not a folder of facts", file=sys.stderr)
        return 2
    report = coverage(root)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.text(), end="")
    return 0


def _cmd_check_site(args: argparse.Namespace) -> int:
    """A built site holds a page for every fact: an engine that ignored the plugin
    (Zensical, MkDocs 2) would otherwise publish a handful of pages in silence."""
    record, code = _load_valid(args.facts_dir)
    if record is None:
        return code
    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise UsageError(f"`{site}` holds no built site (no index.html)")
    missing = [f"{kind}/{f.id}" for kind, facts in record.by_kind.items() for f in facts
               if not (site / kind / f.id / "index.html").is_file()
               and not (site / kind / f"{f.id}.html").is_file()]
    home = (site / "index.html").read_text(encoding="utf-8", errors="replace")
    unfilled = "exchange-record: summary" in home
    for page in missing[:20]:
        print(f"{visible(str(site))}: no page for {page}")
    if len(missing) > 20:
        print(f"... and {len(missing) - 20} more")
    if unfilled:
        print(f"{visible(str(site))}/index.html: the home summary was not filled in")
    if missing or unfilled:
        print(f"the site in {visible(str(site))} is not the record: {len(missing)} of "
              f"{sum(len(v) for v in record.by_kind.values())} fact pages missing. The engine did not run "
              "the exchange-record plugin (Zensical and MkDocs 2 run no MkDocs plugins): build the "
              "output of `exchange-record generate --docs-dir docs` instead.", file=sys.stderr)
        return 1
    print(f"{visible(str(site))}: a page for each of the record's facts, home summary in place")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exchange-record",
        description="Validate, publish and export the exchange record.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every fact file and list problems as path:line:col")
    p.add_argument("facts_dir", nargs="?", default="facts", metavar="FACTS_DIR",
                   help="folder of facts (default: facts)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (default), GitHub workflow annotations, or JSON")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("new", help="write a new fact file with every required field")
    p.add_argument("kind", metavar="KIND", help="actor, place, source, event or figure")
    p.add_argument("id", metavar="ID", help="the new fact's id (its file name)")
    p.add_argument("--facts-dir", default="facts", metavar="FACTS_DIR")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("generate", help="write the site's Markdown pages, for any Markdown engine")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--facts-dir", default="facts", metavar="FACTS_DIR")
    p.add_argument("--templates-dir", default=None, metavar="DIR",
                   help="templates that override the built-in ones by name")
    p.add_argument("--corrections", default="", metavar="ADDRESS",
                   help="where readers report a correction (mailto:... or an https form), linked from "
                        "every fact page with the fact's id filled in (the plugin's `corrections` option)")
    p.add_argument("--write-config", default=None, metavar="FILE",
                   help="also write FILE: --config adapted to build the output with another engine "
                        "(plain MkDocs, Zensical): docs_dir set to --out, this plugin left out")
    p.add_argument("--config", default="mkdocs.yml", metavar="FILE",
                   help="the MkDocs config --write-config adapts (default: mkdocs.yml)")
    p.add_argument("--language", default="en", choices=["en", "uk", "ru"],
                   help="the language of the pages (English by default); with --docs-dir, "
                        "`about.uk.md` is published as `about.md` for `uk`")
    p.add_argument("--docs-dir", default=None, metavar="DIR",
                   help="hand-written pages to include, with the home summary filled in "
                        "(e.g. docs): the output is then the whole site, as the plugin publishes it")
    p.add_argument("--no-directory-urls", dest="directory_urls", action="store_false",
                   help="write the tables' links for an engine set to `use_directory_urls: false` "
                        "(page.html rather than page/); the default is MkDocs' and Zensical's own")
    p.set_defaults(func=_cmd_generate)

    p = sub.add_parser("export", help="write the record as JSON and CSV, with the JSON Schemas")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--facts-dir", default="facts", metavar="FACTS_DIR")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("schema", help="write one JSON Schema per kind of fact")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("translate", help="record which English each translation matches (--stamp)")
    p.add_argument("--stamp", action="store_true",
                   help="write each translation's `of:` fingerprint of the English it matches now; "
                        "nothing else in the file changes")
    p.add_argument("--lang", default=None, metavar="LANG", help="only this language (uk or ru)")
    p.add_argument("paths", nargs="*", default=["facts"], metavar="PATH",
                   help="fact files or folders of them (default: facts)")
    p.set_defaults(func=_cmd_translate)

    p = sub.add_parser("translations",
                       help="how far the facts are translated: coverage, missing and stale translations")
    p.add_argument("facts_dir", nargs="?", default="facts", metavar="FACTS_DIR",
                   help="folder of facts (default: facts)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or JSON")
    p.set_defaults(func=_cmd_translations)

    p = sub.add_parser("check-site", help="check that a built site holds a page for every fact")
    p.add_argument("site", nargs="?", default="site", metavar="SITE_DIR",
                   help="the built site (default: site)")
    p.add_argument("--facts-dir", default="facts", metavar="FACTS_DIR")
    p.set_defaults(func=_cmd_check_site)

    p = sub.add_parser("explain", help="what a diagnostic code means, an example and the fix")
    p.add_argument("code", nargs="?", default=None, metavar="CODE",
                   help="e.g. number-as-text (without it: every code, one per line)")
    p.set_defaults(func=_cmd_explain)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `validate | head -1`: the reader has what it wanted. Say nothing more
        # (Python would complain again at exit) and exit as a program killed by
        # SIGPIPE does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except UsageError as exc:
        print(f"exchange-record {args.command}: {visible(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # the disk, not the facts: say what and where
        where = f" `{visible(str(exc.filename))}`" if exc.filename else ""
        print(f"exchange-record {args.command}: cannot write{where}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    except Exception as exc:
        print(f"exchange-record: internal error: {type(exc).__name__}: {visible(str(exc))}\n"
              "This is a bug in exchange-record, not in your facts; please report it.",
              file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
