"""The Content-Security-Policy of every page: `with_csp` on small HTML, then whole sites.

In the browser, served on 127.0.0.1 and opened from file:// (the offline
build): the theme still works under the policy (its inline scripts, the palette
toggle, search through the iframe-worker shim), and a `javascript:` link, an
inline script and an inline event handler planted into a built page do not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

from conftest import REPO
from exchange_record.site.csp import inline_scripts, with_csp
from sitetools import html_files, serve
from test_browser import (
    EVENT,
    FIGURE,
    Visit,
    search,
    url_of,
)

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
THEME_JS = files("material") / "templates" / "partials" / "javascripts"


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy_of(html: str) -> str:
    m = _META.search(html)
    assert m, "no Content-Security-Policy meta tag"
    return m.group(1)


def hashes_of(html: str) -> set[str]:
    return set(re.findall(r"'sha256-[^']*'", policy_of(html)))


def theme_script(name: str, hole: str = "..") -> str:
    """The text of a Material inline script, its `{{ … }}` filled with `hole`."""
    template = (THEME_JS / name).read_text(encoding="utf-8")
    text = re.search(r"<script>(.*?)</script>", template, re.DOTALL).group(1)
    return re.sub(r"\{\{.*?\}\}", lambda _: hole, text)


def shim_iframe_script(worker: str) -> str:
    """The script the vendored iframe-worker shim writes into its iframe, read from shim.js."""
    shim = (REPO / "docs/assets/vendor/iframe-worker/shim.js").read_text(encoding="utf-8")
    template = re.search(r"<script>(postMessage=.*?)<\\/script>", shim).group(1)
    return (template.replace("${c}", _js_function(shim, "c"))
            .replace("${d}", _js_function(shim, "d")).replace("${e}", worker))


def _js_function(js: str, name: str) -> str:
    start = js.index(f"function {name}(")
    depth = 0
    for i in range(js.index("{", start), len(js)):
        depth += {"{": 1, "}": -1}.get(js[i], 0)
        if depth == 0:
            return js[start:i + 1]
    raise ValueError(name)


def page(head: str = "", body: str = "", charset: bool = True) -> str:
    meta = '<meta charset="utf-8">' if charset else ""
    return (f"<!doctype html>\n<html>\n<head>\n{meta}\n<title>t</title>{head}\n</head>\n"
            f"<body>{body}</body>\n</html>\n")


# --- with_csp on small HTML ---------------------------------------------------------------------

def test_theme_scripts_are_allowed_by_their_sha256():
    scope, palette = theme_script("base.html", ".."), theme_script("palette.html")
    html = with_csp(page(head=f"<script>{scope}</script>", body=f"<script>{palette}</script>"))
    assert hashes_of(html) == {sha256(scope), sha256(palette)}
    # The base URL is part of the text: a page one level deeper has another hash.
    deeper = with_csp(page(head=f"<script>{theme_script('base.html', '../..')}</script>"))
    assert hashes_of(deeper) == {sha256(theme_script("base.html", "../.."))} != {sha256(scope)}


def test_data_blocks_and_external_scripts_get_no_hash():
    html = with_csp(page(body=(
        '<script id="__config" type="application/json">{"base": ".."}</script>'
        '<script type="application/ld+json">{"@type": "Dataset"}</script>'
        '<script src="../assets/javascripts/bundle.min.js"></script>')))
    assert policy_of(html) == "script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'"


def test_inline_scripts_not_from_the_theme_get_no_hash():
    breakout = theme_script("base.html", '"+alert(1)+"')
    appended = theme_script("palette.html") + ";alert(1)"
    raw = page(body="".join(f"<script>{s}</script>" for s in ("alert(1)", breakout, appended)))
    assert len(inline_scripts(raw)) == 3  # seen as executable, and refused
    assert hashes_of(with_csp(raw)) == set()


def test_meta_comes_right_after_charset_before_any_script():
    script = f"<script>{theme_script('base.html')}</script>"
    html = with_csp(page(head=script))
    assert re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy"', html)
    assert _META.search(html).start() < html.index("<script")
    # Without a charset tag it opens the head; without a head, nothing changes.
    bare = with_csp(page(head=script, charset=False))
    assert re.search(r"<head>\s*<meta http-equiv=", bare)
    svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    assert with_csp(svg) == svg


def test_the_offline_search_shim_iframe_script_is_allowed():
    worker = "../assets/javascripts/workers/search.a7633da7.min.js"
    shim = '<script src="../assets/vendor/iframe-worker/shim.js"></script>'
    config = f'<script id="__config" type="application/json">{{"search": "{worker}"}}</script>'
    html = with_csp(page(head=shim, body=config))
    assert hashes_of(html) == {sha256(shim_iframe_script(worker))}


def test_the_plugin_adds_the_policy_except_under_mkdocs_serve():
    from exchange_record.plugin import ExchangeRecordPlugin

    plugin = ExchangeRecordPlugin()
    html = page(head=f"<script>{theme_script('base.html')}</script>")
    assert _META.search(plugin.on_post_page(html, page=None, config=None))
    plugin.serving = True  # MkDocs' live-reload script, inlined per response, could not run
    assert not _META.search(plugin.on_post_page(html, page=None, config=None))


# --- whole sites ----------------------------------------------------------------------------------

PLANT = ('<a id="planted" href="javascript:window.__pwned=1">planted link</a>'
         '<script>window.__pwned2=1</script><img src=x onerror="window.__pwned3=1" alt="">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory, seed_sites: Path) -> Path:
    """Both builds (a copy of conftest's `seed_sites`); the figure page planted with
    script after the build, and a control copy of it without the policy next to it."""
    project = tmp_path_factory.mktemp("csp") / "p"
    for site in ("online", "offline"):
        shutil.copytree(seed_sites / site, project / site)
    for target in (project / f"online/{FIGURE}/index.html", project / f"offline/{FIGURE}.html"):
        planted = target.read_text(encoding="utf-8").replace("</article>", PLANT + "</article>", 1)
        target.write_text(planted, encoding="utf-8")
        target.with_name("control.html").write_text(_META.sub("", planted), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def served(sites):
    with serve(sites / "online") as base:
        yield base


@pytest.fixture(params=["served", "offline"])
def site(request, sites):
    if request.param == "served":
        return request.getfixturevalue("served"), False
    return (sites / "offline").as_uri() + "/", True


@pytest.mark.build
def test_every_page_allows_exactly_the_theme_scripts_it_holds(sites):
    for build in ("online", "offline"):
        root = sites / build
        for path in html_files(root):
            html = path.read_text(encoding="utf-8")
            # Redirect pages hold no script.
            if path.name == "control.html" or "<script" not in html or PLANT in html:
                continue
            where = f"{build}/{path.relative_to(root)}"
            assert re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy"',
                             html), where
            policy = policy_of(html)
            assert "unsafe" not in policy and "object-src 'none'; base-uri 'self'" in policy, where
            worker = re.search(r'"search": "([^"]+)"', html).group(1)
            expected = {sha256(s) for s in re.findall(r"<script>(.*?)</script>", html, re.DOTALL)}
            assert hashes_of(html) == expected | {sha256(shim_iframe_script(worker))}, where


@pytest.mark.build
def test_theme_works_under_the_policy(browser, site):
    base, offline = site
    with Visit(browser) as v:
        v.page.goto(url_of(base, EVENT, offline))
        assert v.page.evaluate("typeof __md_scope") == "object"  # the head's inline script ran
        scheme = 'document.body.getAttribute("data-md-color-scheme")'
        assert v.page.evaluate(scheme) == "default"
        v.page.locator("label[title='Switch to dark mode']").click()
        assert v.page.evaluate(scheme) == "slate"
        titles = " | ".join(search(v.page, "Bryansk").all_inner_texts())
        assert "refrigerated wagons" in titles
        v.page.goto(url_of(base, "", offline))  # another depth, other hashes; the palette is kept
        assert v.page.evaluate(scheme) == "slate"
        v.page.locator("label[title='Switch to light mode']").click()
        assert v.page.evaluate(scheme) == "default"
        v.page.wait_for_load_state("networkidle")
        assert v.errors == []


@pytest.mark.build
def test_planted_link_script_and_handler_do_not_run(browser, site):
    base, offline = site
    planted = url_of(base, FIGURE, offline)
    control = planted.rsplit("/", 1)[0] + "/control.html"
    ran = "[window.__pwned, window.__pwned2, window.__pwned3]"
    with Visit(browser) as v:
        v.page.goto(control)  # the same markup without the policy: it all runs
        v.page.click("#planted")
        v.page.wait_for_function(f"{ran}.every(x => x === 1)", timeout=5_000)
    with Visit(browser) as v:
        v.page.goto(planted)
        with v.page.expect_console_message(lambda m: "JavaScript URL" in m.text, timeout=5_000):
            v.page.click("#planted")
        v.page.wait_for_load_state("networkidle")
        assert v.page.evaluate(ran) == [None, None, None]
        blocked = sorted(e.split(" violates")[0] for e in v.errors
                         if "Content Security Policy" in e)
        assert blocked == ["Executing inline event handler", "Executing inline script",
                           "Running the JavaScript URL"]
