"""``channel-chooser``: the reader picks a product and a situation and reads
which channel to use, with its hours and reply time (issue 23, point 3).

What each situation leads to is kept in ``docs/_data/channels.toml``, in
``[[situation]]`` entries of their own: for each product, the channel, the
reason shown to the reader, and the seed passage that says so (``source`` and
``quote``, checked like the channels' facts). Hours, reply time and how to
reach the channel are that product's facts of the channel: a NordPass figure
never shows for NordVPN.

No script is needed: two groups of radio buttons and, below them, one answer
per product and situation; the stylesheet hides the answers that do not match
the checked buttons (``:has()``, by position, so it works for any data;
``_static/chooser.css``, linked only from pages with a chooser). A
browser without ``:has()`` shows every answer, each titled with its product
and situation. Text is translated through ``channels.po`` like the rest of the
channel data.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.util.docutils import SphinxDirective

from . import html_only
from . import sources
from .channel_data import PRODUCTS, ChannelDataError, Channels, channels_of, lower_first, relative

#: helpcenter.css has one rule per situation position: more would show unmatched answers.
MAX_SITUATIONS = 6
_KEYS = ("id", "name", *PRODUCTS)
_ANSWER_KEYS = ("channel", "reason", "source", "quote")

#: The chooser's own words, translated in channels.po with the data.
LABELS = {
    "title": "Find the right channel",
    "product": "Your product",
    "situation": "Your situation",
    "hint": "Pick your product and your situation: the channel to use shows below.",
    "use": "Use: {channel}",
    "answer_for": "{product}, {situation}",
    "availability": "Hours",
    "response": "Reply time",
    "reach": "How to reach it",
    "more": "All about {channel}",
}


@dataclass(frozen=True)
class Answer:
    channel: str
    reason: str
    line: int


@dataclass(frozen=True)
class Situation:
    id: str
    name: str
    answers: dict[str, Answer]  # product -> answer
    line: int


def _line_of(source: str, number: int, key: str | None = None) -> int:
    """The line of the number-th [[situation]] (0-based), or of a key after it."""
    lines = source.splitlines()
    starts = [i for i, line in enumerate(lines, start=1) if re.match(r"\s*\[\[\s*situation\s*\]\]", line)]
    if number >= len(starts):
        return 1
    start = starts[number]
    end = starts[number + 1] if number + 1 < len(starts) else len(lines) + 1
    if key:
        for i in range(start, end):
            if re.match(rf'\s*(\[situation\.)?"?{re.escape(key)}"?\s*[=\]]', lines[i - 1]):
                return i
    return start


def load_situations(path: Path, channel_ids: set[str]) -> list[Situation]:
    """The [[situation]] entries of the data file, checked; ChannelDataError names file and line."""
    source = path.read_text(encoding="utf-8")
    entries = tomllib.loads(source).get("situation", [])
    where = relative(path)
    if not isinstance(entries, list):
        raise ChannelDataError(f"{where}:1: 'situation' must be [[situation]] entries")
    if len(entries) > MAX_SITUATIONS:
        raise ChannelDataError(f"{where}:{_line_of(source, MAX_SITUATIONS)}: at most {MAX_SITUATIONS} situations fit the channel chooser")
    seeds = sources.seeds(path.parent / "sources")
    situations: list[Situation] = []
    for number, entry in enumerate(entries):

        def fail(message: str, key: str | None = None) -> ChannelDataError:
            return ChannelDataError(f"{where}:{_line_of(source, number, key)}: situation #{number + 1}: {message}")

        for key in entry:
            if key not in _KEYS:
                raise fail(f"unknown field {key!r}; the fields are {', '.join(_KEYS)}", key)
        situation_id = entry.get("id")
        if not isinstance(situation_id, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", situation_id):
            raise fail('needs an id in kebab-case, e.g. id = "locked-out"', "id")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail('needs a name, e.g. name = "Locked out of my account"', "name")
        answers: dict[str, Answer] = {}
        for product in PRODUCTS:
            answer = entry.get(product)
            if not isinstance(answer, dict):
                raise fail(f"needs a table [situation.{product}] with channel, reason, source and quote", product)
            for key in _ANSWER_KEYS:
                if not isinstance(answer.get(key), str) or not answer[key].strip():
                    raise fail(f"[situation.{product}] needs {key} = \"...\" (text)", product)
            for key in answer:
                if key not in _ANSWER_KEYS:
                    raise fail(f"unknown field {product}.{key}; the fields are {', '.join(_ANSWER_KEYS)}", product)
            if answer["channel"] not in channel_ids:
                raise fail(f"{product}: unknown channel {answer['channel']!r}; the channels are {', '.join(sorted(channel_ids))}", product)
            seed = seeds.get(answer["source"])
            if seed is None:
                raise fail(f"{product}: source {answer['source']!r} is not a seed: the seeds are {', '.join(seeds)} (docs/_data/sources/)", product)
            if sources.normalise(answer["quote"]) not in sources.seed_text(seed, seed.stat().st_mtime_ns):
                raise fail(f"{product}: the quote is not in seed {answer['source']} ({seed.name}): copy the passage exactly", product)
            answers[product] = Answer(answer["channel"], answer["reason"], _line_of(source, number, product))
        situations.append(Situation(situation_id, name, answers, _line_of(source, number)))
    return situations


def situations_of(data: Channels) -> list[Situation]:
    return load_situations(data.path, {c.id for c in data.channels})


class channel_chooser(nodes.General, nodes.Element):
    """Rendered only in HTML: radio buttons need no script there."""


class ChannelChooser(SphinxDirective):
    """``channel-chooser``: one per page (its ids are fixed, for links to ``#channel-chooser``)."""

    def run(self) -> list[nodes.Node]:
        data = channels_of(self.env)
        self.env.note_dependency(str(data.path))
        try:
            situations_of(data)
        except ChannelDataError as exc:
            raise self.error(str(exc)) from None
        return [channel_chooser()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render(data: Channels, situations: list[Situation], link: Any) -> str:
    """The chooser's HTML; every piece of data text is escaped."""
    e = html.escape

    def label(key: str, **values: str) -> str:
        return data.gettext(LABELS[key]).format(**values)

    out = [f'<section class="channel-chooser" id="channel-chooser" aria-labelledby="channel-chooser-title">']
    out.append(f'<p class="channel-chooser-title" id="channel-chooser-title">{e(label("title"))}</p>')
    out.append(f'<p class="channel-chooser-hint">{e(label("hint"))}</p>')
    out.append('<div class="chooser-questions">')
    out.append(f'<fieldset class="chooser-products"><legend>{e(label("product"))}</legend>')
    def option(group: str, value: str, text: str) -> str:
        ident = f"chooser-{group}-{_slug(value)}"
        return (f'<div class="chooser-option"><input type="radio" name="chooser-{group}" id="{ident}" value="{e(value)}">'
                f'<label for="{ident}">{e(text)}</label></div>')  # fmt: skip

    out += [option("product", product, product) for product in PRODUCTS]
    out.append("</fieldset>")
    out.append(f'<fieldset class="chooser-situations"><legend>{e(label("situation"))}</legend>')
    out += [option("situation", situation.id, data.gettext(situation.name)) for situation in situations]
    out.append("</fieldset></div>")
    out.append('<div class="chooser-answers">')
    for p, product in enumerate(PRODUCTS, start=1):
        for s, situation in enumerate(situations, start=1):
            answer = situation.answers[product]
            channel = data.get(answer.channel)
            name = data.text(channel, "name")
            ident = f"chooser-{_slug(product)}-{situation.id}"
            heading = label("answer_for", product=product, situation=lower_first(data.gettext(situation.name)))
            out.append(f'<div class="chooser-answer" id="{ident}" data-product="{p}" data-situation="{s}">')
            out.append(f'<p class="chooser-answer-for">{e(heading)}</p>')
            out.append(f'<p class="chooser-answer-channel">{e(label("use", channel=name))}</p>')
            out.append(f"<p>{e(data.gettext(answer.reason))}</p>")
            out.append("<dl>")
            for fact in ("availability", "response", "reach"):
                classes = "" if data.stated(channel, fact, product) else ' class="not-stated"'
                text = e(data.text(channel, fact, product))
                official = channel.fact(product, fact).url if data.stated(channel, fact, product) else None
                if official:  # the route's official address, as in the tables and the help block
                    text = f'<a class="official-route" href="{e(official)}">{text}</a>'
                out.append(f"<dt>{e(label(fact))}</dt><dd{classes}>{text}</dd>")
            out.append("</dl>")
            out.append(f'<p><a href="{e(link(channel.page))}">{e(label("more", channel=name))}</a></p>')
            out.append("</div>")
    out.append("</div></section>")
    return "\n".join(out)


def visit_channel_chooser(self: Any, node: channel_chooser) -> None:
    builder = self.builder
    data = channels_of(builder.env)
    situations = situations_of(data)
    self.body.append(render(data, situations, lambda page: builder.get_relative_uri(builder.current_docname, page)))
    raise nodes.SkipNode


def add_messages_to_gettext(app: Sphinx) -> None:
    """The situations' names and reasons and the chooser's labels go to channels.pot."""
    if app.builder.name != "gettext":
        return
    data = channels_of(app.env)
    catalog = app.builder.catalogs["channels"]
    for message in LABELS.values():
        catalog.add(message, MsgOrigin(str(data.path), 1))
    for situation in situations_of(data):
        catalog.add(situation.name, MsgOrigin(str(data.path), situation.line))
        for answer in situation.answers.values():
            catalog.add(answer.reason, MsgOrigin(str(data.path), answer.line))


STYLESHEET = "_static/chooser.css"


def link_only_where_used(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The chooser's stylesheet only on pages with a chooser: the others stay lighter."""
    if 'id="channel-chooser"' in context.get("body", ""):
        return
    context["css_files"] = [a for a in context.get("css_files", []) if getattr(a, "filename", a) != STYLESHEET]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_css_file(STYLESHEET.removeprefix("_static/"))
    app.connect("html-page-context", link_only_where_used, priority=600)
    html_only.add_node(app, channel_chooser, visit_channel_chooser)
    app.add_directive("channel-chooser", ChannelChooser)
    app.connect("builder-inited", add_messages_to_gettext)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
