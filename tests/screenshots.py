"""Screenshots of the site as readers see it: `python tests/screenshots.py [OUT]`.

Builds the site from facts/ into a temporary folder, serves it on 127.0.0.1 and
photographs the home page, an event page, a figure page, the ledger, the timeline and
the figures index (whole and filtered by status), in English, Ukrainian and Russian, at
1280 px and 360 px wide, in light and dark mode, with headless Chromium (Debian's package, driven by Playwright). The PNGs
go to OUT (default: screenshots/).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from exchange_record.site.locale import Locale  # noqa: E402
from sitetools import make_project, mkdocs_build, serve  # noqa: E402
from test_browser import ARGS, CHROMIUM  # noqa: E402

PAGES = {"home": "", "event": "events/remains-transfer-2025-06-13/", "ledger": "ledger/",
         "figure": "figures/medinsky-27-bodies-to-russia/", "figures": "figures/",
         "figures-filtered": "figures/?status={confirmed}", "timeline": "timeline/"}
WIDTHS = (1280, 360)
#: English at the root, the others under /<code>/ (the English files keep their old names)
LANGUAGES = ("en", "uk", "ru")
SCHEMES = ("light", "dark")  # Material follows prefers-color-scheme


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    if CHROMIUM is None:
        raise SystemExit("Chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "p")
        result = mkdocs_build(project, languages=",".join(LANGUAGES))
        if result.returncode:
            raise SystemExit(result.stderr)
        with serve(project / "site") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for scheme in SCHEMES:
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    for code in LANGUAGES:
                        # a filter's values are the page's words (record.js reads them from the table)
                        confirmed = quote(Locale(code)._("confirmed"))
                        for name, path in PAGES.items():
                            path = path.format(confirmed=confirmed)
                            page.goto(base + ("" if code == "en" else f"{code}/") + path)
                            page.wait_for_load_state("networkidle")
                            suffix = ("" if scheme == "light" else "-dark") + ("" if code == "en" else f"-{code}")
                            target = out / f"{name}-{width}{suffix}.png"
                            page.screenshot(path=str(target), full_page=True)
                            print(target)
                    page.close()
            browser.close()


if __name__ == "__main__":
    main()
