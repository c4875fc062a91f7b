"""A Content-Security-Policy for every published page, as a `<meta http-equiv>` tag.

A meta tag rather than a response header, so the policy holds on any static
host and from `file://`. It governs only what comes after it, so it goes first
in `<head>`, right after `<meta charset>`.

Scripts may come from the site itself (`'self'`, which on a `file:` page
matches `file:` scripts in Chromium) and inline only where the script's sha256
is listed. Only the theme's own inline scripts get a hash: scripts whose text is
one of Material's `partials/javascripts` templates, each `{{ … }}` filled with
URL-like text. Any other inline script, however it reached a page (say a
contributor's text that escaped sanitising), is published without a hash and
does not run; neither do inline event handlers or `javascript:` URLs, which no
hash can allow without `'unsafe-hashes'`.

Hashes are per page: Material's scripts embed the page's relative base URL
(`__md_scope=new URL("..",location)`), so their text differs with depth.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from importlib.resources import files

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
             "text/ecmascript"}
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset\s*=[^>]*>)?", re.IGNORECASE)
_SHIM = re.compile(r'<script\s[^>]*src="[^"]*iframe-worker/shim\.js"', re.IGNORECASE)
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
# What a template's `{{ … }}` may stand for: a relative or absolute URL (with a query:
# the served site's search worker names Material's), nothing that could end the
# JavaScript string it sits in.
_HOLE = r"[\w.~:/%?=-]*"

# The inline script that the vendored iframe-worker shim
# (docs/assets/vendor/iframe-worker/shim.js) writes into the about:blank iframe
# standing in for the search worker under file://. The iframe inherits the
# page's policy, so this script needs a hash too; the blank is the worker's URL
# as Material passes it, the page's `__config.search`.
_SHIM_SCRIPT = (
    'postMessage=function c(s,n){parent.postMessage(s,n||"*")};'
    "importScripts=function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{"
    'let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)'
    "})),Promise.resolve())};"
    'addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",'
    '{filename:"%s",error}))})'
)


def with_csp(html: str) -> str:
    """`html` with a Content-Security-Policy meta tag first in its `<head>` (none: unchanged)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    scripts = [text for text in inline_scripts(html) if is_theme_script(text)]
    if (worker := _shim_url(html)) is not None:
        scripts.append(_SHIM_SCRIPT % worker)
    sources = ["'self'", *sorted({sha256_source(text) for text in scripts})]
    # Images only from the site (and the theme's data: icons): no tracking pixel.
    policy = f"script-src {' '.join(sources)}; img-src 'self' data:; object-src 'none'; base-uri 'self'"
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[:head.end()] + meta + html[head.end():]


def inline_scripts(html: str) -> list[str]:
    """The text of every `<script>` a browser would run from its own text (not `src`, not data)."""
    out = []
    for m in _SCRIPT.finditer(html):
        attrs, text = m.group(1), m.group(2)
        kind = _TYPE.search(attrs)
        if not _SRC.search(attrs) and (kind.group(1).lower() if kind else "") in _JS_TYPES:
            out.append(text)
    return out


def sha256_source(text: str) -> str:
    """The CSP source that allows an inline script of exactly this (UTF-8) text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def is_theme_script(text: str) -> bool:
    return any(p.fullmatch(text) for p in _theme_patterns())


@functools.cache
def _theme_patterns() -> tuple[re.Pattern[str], ...]:
    templates = files("material") / "templates" / "partials" / "javascripts"
    patterns = []
    for template in templates.iterdir():
        if template.name.endswith(".html"):
            for text in inline_scripts(template.read_text(encoding="utf-8")):
                if "{%" not in text:
                    parts = re.split(r"\{\{.*?\}\}", text)
                    patterns.append(re.compile(_HOLE.join(map(re.escape, parts)), re.DOTALL))
    return tuple(patterns)


def _shim_url(html: str) -> str | None:
    """The search worker's URL, on a page that loads the iframe-worker shim."""
    if not _SHIM.search(html):
        return None
    config = _CONFIG.search(html)
    url = json.loads(config.group(1)).get("search") if config else None
    return url if isinstance(url, str) and re.fullmatch(_HOLE, url) else None


__all__ = ["inline_scripts", "is_theme_script", "sha256_source", "with_csp"]
