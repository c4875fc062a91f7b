"""The record's values in words on a page: paths, sides, statuses, dates, numbers.

Pages and overview pages both print these, through the page's `Locale`; this
module is what they share (it imports neither), so there is no cycle between
them.
"""

from __future__ import annotations

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from markupsafe import Markup

from ..record.dates import DateSpan, PartialDate
from ..record.kinds import KINDS
from ..record.load import LoadedFact
from ..record.models import Figure
from .locale import ENGLISH, Locale
from .markdown import escape

METHODOLOGY = "methodology.md"
#: the order sides are listed in
SIDES = ("russia", "ukraine", "third-party", "unknown")
#: The directions a reader asks about first, in the order the home page shows them.
DIRECTIONS = ("remains-to-ukraine", "remains-to-russia", "prisoners-to-ukraine", "prisoners-to-russia")


def page_path(kind: str, fid: str) -> str:
    return f"{kind}/{fid}.md"


def fact_source_path(fact: LoadedFact, facts_folder: str) -> str:
    """The fact's YAML file relative to the folder holding `facts/` (for edit links)."""
    return f"{facts_folder}/{fact.kind}/{fact.path.name}"


class Words:
    """Values in words, in one language."""

    def __init__(self, locale: Locale = ENGLISH) -> None:
        self.locale = locale
        _ = locale._
        self.side_names = {"russia": _("Russia"), "ukraine": _("Ukraine"),
                           "third-party": _("third party"), "unknown": _("side unknown")}
        self.status_texts = {
            "contested": _("another claimant's figure for the same measure disagrees with this one"),
            "confirmed": _("an independent claimant gives a matching figure"),
            "uncorroborated": _("matching figures exist, but none from an independent claimant"),
            "single-claimant": _("no other claimant gives a figure for this measure, scope, direction "
                                 "and date"),
        }
        #: the term before the figures that give a figure its status, on its page
        self.status_by_terms = {"contested": _("Contested by"), "confirmed": _("Confirmed by"),
                                "uncorroborated": _("Matched, not independently, by")}
        self.not_seen = _("primary source not seen")
        self.not_seen_text = _("none of its sources has an address a reader could follow")
        #: what each kind of reading is of, as a reader says it
        self.reading_names = {"direction": _("direction"), "scope": _("scope"), "value": _("value"),
                              "date": _("date"), "claimant": _("claimant"), "place": _("place"),
                              "actor": _("actor"), "identity": _("identity")}
        self.kind_titles = {k: _(entry.title) for k, entry in KINDS.items()}
        self.measure_titles = {
            "remains-to-ukraine": _("Remains returned to Ukraine"),
            "remains-to-russia": _("Remains returned to Russia"),
            "prisoners-to-ukraine": _("Prisoners returned to Ukraine"),
            "prisoners-to-russia": _("Prisoners returned to Russia"),
            # the seed record's one measure besides the four directions
            "deaths-in-the-war": _("Deaths in the war"),
        }
        #: a figure in words, by (scope, the side it goes to): `{amount}` is `1,200 bodies`
        self.mentions = {
            ("event", "ukraine"): _("{amount} returned to Ukraine"),
            ("event", "russia"): _("{amount} returned to Russia"),
            ("cumulative", "ukraine"): _("{amount} returned to Ukraine in all"),
            ("cumulative", "russia"): _("{amount} returned to Russia in all"),
            ("commitment", "ukraine"): _("{amount} to be returned to Ukraine"),
            ("commitment", "russia"): _("{amount} to be returned to Russia"),
        }
        self.qualifiers = {"exact": "", "approx": _("about") + " ", "at-least": _("at least") + " ",
                           "at-most": _("at most") + " ", "more-than": _("more than") + " ",
                           "fewer-than": _("fewer than") + " "}

    def reading(self, of: str) -> str:
        return self.reading_names.get(of, of)

    def side(self, side: str) -> str:
        return self.side_names.get(side, side)

    def when(self, value: PartialDate | DateSpan) -> Markup:
        return escape(self.locale.date(value))

    def words(self, slug: str) -> Markup:
        return escape(self.locale._(slug.replace("-", " ")))

    def value(self, fig: Figure) -> str:
        """`1,212`, `about 1,200`, `at least 100,000`, `1,000–1,200`."""
        n = self.locale.number
        number = n(fig.value) if fig.value is not None else f"{n(fig.low or 0)}–{n(fig.high or 0)}"
        return self.qualifiers[fig.qualifier] + number

    def number(self, fig: Figure) -> Markup:
        """`1,212 bodies`."""
        return escape(f"{self.value(fig)} {self.locale._(fig.unit)}")

    def measure_title(self, measure: str) -> str:
        """`Remains returned to Ukraine`; a measure the site has no words for reads as its
        slug in words (`deaths-in-the-war`: `Deaths in the war`)."""
        title = self.measure_titles.get(measure)
        if title is None:
            words = self.locale._(measure.replace("-", " "))
            title = words[:1].upper() + words[1:]
        return title

    def mention(self, fig: Figure) -> Markup:
        """`plain_mention`, Markdown-escaped."""
        return escape(self.plain_mention(fig))

    def plain_mention(self, fig: Figure) -> str:
        """The figure as a reader says it: what it counts and which way, not only the
        number: `1,200 bodies returned to Ukraine`, `6,000 bodies to be returned to
        Russia`, `100,000 people (deaths in the war)`. The side it goes to is the
        figure's `to`, or its measure's."""
        to = fig.to
        if to is None:
            to = next((side for side in ("ukraine", "russia") if fig.measure.endswith(f"-to-{side}")), None)
        amount = f"{self.value(fig)} {self.locale._(fig.unit)}"
        template = self.mentions.get((fig.scope, to)) if to else None
        if template is None:
            measure = self.measure_title(fig.measure)
            return self.locale._("{amount} ({measure})").format(
                amount=amount, measure=measure[:1].lower() + measure[1:])
        return template.format(amount=amount)

    def language(self, tag: str) -> str:
        try:
            return BabelLocale.parse(tag, sep="-").get_display_name(self.locale.code) or tag
        except (ValueError, UnknownLocaleError):
            return tag
