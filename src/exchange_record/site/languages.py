"""The site's languages: which ones, where each is published, how a page finds its siblings.

The first language is published at the root, every other one under `/<code>/`
(`/uk/figures/<id>/`), each a whole site of its own (pages, search index, nav),
rendered through that language's `Locale`. A hand-written page is translated by
a sibling file with the language before `.md` (`docs/about.uk.md`); a page with
no translation is published in the first language under every root, so that
every page exists in every language and the language switcher always leads to
the same page.

Pure: no engine. The MkDocs adapter (plugin.py) asks these functions.
"""

from __future__ import annotations

import posixpath
import re

from .locale import N_

#: code -> the language's own name, as the language switcher shows it
NAMES = {"en": "English", "uk": "Українська", "ru": "Русский"}

#: the nav's titles (mkdocs.yml) and the site's name, looked up in the catalogues by value
MARKED = (N_("Home"), N_("Timeline"), N_("Ledger"), N_("Disagreements"), N_("Actors and places"),
          N_("Tags"), N_("About"), N_("About the record"), N_("Methodology"), N_("How to cite"),
          N_("Data"), N_("Changes"), N_("For contributors"), N_("Diagnostic codes"), N_("Benchmarks"),
          N_("Exchange record"),
          # the palette toggle's names (mkdocs.yml) and the theme's own lines (theme/partials/copyright.html)
          N_("Switch to dark mode"), N_("Switch to light mode"), N_("To cite this page"),
          N_("How to cite the record"), N_("version of {date}"), N_("page"), N_("built {date}"),
          N_("“{title}”"),
          N_("data under CC BY 4.0 (Creative Commons Attribution 4.0), code under the MIT License. "
             "Words quoted from sources remain their authors'."))

_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<code>[a-z]{2})\.md$")


def root(code: str, languages: list[str]) -> str:
    """Where a language's site is published, relative to the whole site: `""` or `"uk/"`."""
    return "" if code == languages[0] else f"{code}/"


def translation_of(src_uri: str, languages: list[str]) -> tuple[str, str | None]:
    """`about.uk.md` -> (`about.md`, `uk`); a page in the first language -> (its path, None)."""
    m = _SUFFIX.match(src_uri)
    if m and m["code"] in languages:
        return f"{m['stem']}.md", m["code"]
    return src_uri, None


def alternates(page_url: str, current: str, languages: list[str],
               site_url: str | None = None) -> list[dict[str, str]]:
    """The same page in every language (the current one included), for the language
    switcher and `<link rel="alternate" hreflang>`: `{"name", "lang", "link"}`.

    `page_url` is the page's address inside its language's site (`figures/x/`,
    `figures/x.html`, `""` for the home page). With `site_url` (the first
    language's address) links are absolute, as search engines want hreflang links;
    without it (offline, file://) they are relative to the page."""
    out = []
    for code in languages:
        target = root(code, languages) + page_url
        if site_url:
            link = site_url.rstrip("/") + "/" + target
        else:
            up = posixpath.relpath(".", posixpath.dirname(root(current, languages) + page_url) or ".")
            link = posixpath.join(up, target) if target else up + "/"
            if link.startswith("./"):
                link = link[2:] or "./"
        out.append({"name": NAMES.get(code, code), "lang": code, "link": link})
    return out


__all__ = ["MARKED", "NAMES", "alternates", "root", "translation_of"]
