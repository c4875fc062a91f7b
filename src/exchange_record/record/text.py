"""What characters a contributor's text may hold, and how to show any text safely.

A fact file is read by reviewers in an editor or on GitHub, by readers on pages
and by contributors in a terminal. Characters that look like nothing, reverse
what follows, move the cursor or break a line where an editor sees none would
let a file show one thing to the reviewer and another to everyone else:

* C0 and C1 control characters and DEL (`"\\e"` in a double-quoted YAML
  string is ESC, which a terminal obeys);
* bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069, and the
  marks U+200E, U+200F, U+061C): "Trojan source";
* line breaks that YAML counts but editors do not (U+2028, U+2029, U+0085).

Tab and newline are allowed in multi-line text (summaries, notes, quotes) only.
A name or title must also hold at least one visible character: one made of
zero-width spaces or Hangul fillers would make every link to it invisible.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BREAKS = "\u0085\u2028\u2029"
#: never allowed anywhere in a fact file, not even in a comment
FORBIDDEN_IN_FILE = re.compile(f"[{_BIDI}{_BREAKS}]")
#: never allowed in any value or key (noncharacters such as U+FFFE included: YAML refuses them)
FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_BREAKS}\ufdd0-\ufdef\ufffe\uffff]")

#: letters and symbols that are drawn as blank space
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def char_name(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`."""
    name = unicodedata.name(ch, "")
    if not name and ord(ch) < 0x20:
        name = {0: "NUL", 7: "BELL", 8: "BACKSPACE", 9: "TAB", 10: "LINE FEED",
                13: "CARRIAGE RETURN", 27: "ESCAPE"}.get(ord(ch), "CONTROL CHARACTER")
    elif not name:
        name = "CONTROL CHARACTER" if unicodedata.category(ch) == "Cc" else "UNNAMED CHARACTER"
    return f"U+{ord(ch):04X} {name}"


def is_blank(text: str) -> bool:
    """Whether `text` would show as nothing (only spaces, zero-width or filler characters)."""
    return not any(ch not in _BLANK_LOOKALIKES and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
                   for ch in text)


def visible(text: str) -> str:
    """`text` for a terminal or a one-line report: every character that is not
    printable (controls, line breaks, bidi and other format characters) is
    written as an escape, so one problem is always exactly one line and shows
    what is really there."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
