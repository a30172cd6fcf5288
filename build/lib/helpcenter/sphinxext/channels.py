"""The support channels, kept once in ``docs/_data/channels.toml``.

The data file is rendered into the comparison table (``channel-table``), the
fact box of each channel page (``channel-facts``), the "which channel?"
summary (``channel-summary``), inline facts (the ``channel`` role, e.g.
``{channel}`email.response```) and every page's "Still need help?" block.
Its text is translated through ``locales/<lang>/LC_MESSAGES/channels.po``,
which ``make update-po`` keeps in step with the data.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import catalogs
from ..errors import InputError
from ..project import ProjectError, find
from .config import locales_dir

DATA_FILE = Path("_data") / "channels.toml"
TEXT_FIELDS = ("name", "availability", "response", "reach", "best_for", "summary")

#: Labels the extension writes around the data, translated in the same catalog.
LABELS = {
    "channel": "Channel",
    "products": "Products",
    "availability": "Availability",
    "response": "Typical response",
    "reach": "How to reach it",
    "best_for": "Best for",
    "none": "None listed",
    "still_need_help": "Still need help?",
    "still_need_help_intro": "Try the support channels in this order:",
    # Between a channel's name and when to use it, in lists.
    "separator": ": ",
}


class ChannelDataError(InputError, ExtensionError):
    """The channel data file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Channel:
    id: str
    page: str
    products: tuple[str, ...]
    text: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    line: int = 1


def _relative(path: Path) -> str:
    try:
        return find(path.parent).relative(path)
    except ProjectError:
        return str(path)


def _line_of(source: str, channel_id: str) -> int:
    match = re.search(rf'^\s*id\s*=\s*"{re.escape(channel_id)}"', source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def load(path: Path) -> list[Channel]:
    """Read and check the data file; raise ChannelDataError with file and line."""
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except FileNotFoundError:
        raise ChannelDataError(f"{_relative(path)}: missing; it holds the support channels") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ChannelDataError(f"{_relative(path)}:{line.group(1) if line else 1}: {exc}; fix the TOML syntax") from None
    channels: list[Channel] = []
    for number, entry in enumerate(data.get("channel", []), start=1):
        channel_id = entry.get("id")
        where = f"{_relative(path)}:{_line_of(source, channel_id) if channel_id else 1}"
        if not isinstance(channel_id, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", channel_id):
            raise ChannelDataError(f"{where}: channel #{number} needs an id in kebab-case, e.g. id = \"live-chat\"")
        missing = [name for name in (*TEXT_FIELDS, "page") if not isinstance(entry.get(name), str) or not entry[name]]
        if missing:
            raise ChannelDataError(f"{where}: channel {channel_id!r} lacks {', '.join(missing)} (text fields)")
        values = entry.get("values", {})
        text = {name: entry[name] for name in TEXT_FIELDS}
        for name, value in text.items():
            try:
                value.format(**values)
            except (KeyError, IndexError, ValueError) as exc:
                raise ChannelDataError(
                    f"{where}: channel {channel_id!r}, field {name!r}: {{{exc}}} is not in its values table"
                ) from None
        channels.append(
            Channel(channel_id, entry["page"], tuple(entry.get("products", [])), text, values, _line_of(source, channel_id))
        )
    if not channels:
        raise ChannelDataError(f"{_relative(path)}:1: no [[channel]] entries")
    if len({c.id for c in channels}) != len(channels):
        raise ChannelDataError(f"{_relative(path)}:1: two channels share an id")
    return channels


class Channels:
    """The channel data of one build, translated into the build's language."""

    def __init__(self, srcdir: Path, language: str, locales: Path) -> None:
        self.path = srcdir / DATA_FILE
        self.language = language
        self.locales = locales
        self.channels = load(self.path)
        self.catalog = catalogs.messages(language, "channels", locales)

    def gettext(self, message: str) -> str:
        return self.catalog.get(message, message)

    def label(self, key: str) -> str:
        return self.gettext(LABELS[key])

    def get(self, channel_id: str) -> Channel:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        known = ", ".join(c.id for c in self.channels)
        raise KeyError(f"unknown channel {channel_id!r}; the channels are {known} ({DATA_FILE})")

    def text(self, channel: Channel, name: str) -> str:
        return self.gettext(channel.text[name]).format(**channel.values)

    def products(self, channel: Channel) -> str:
        return ", ".join(channel.products) or self.label("none")

    def digest(self) -> str:
        """Changes whenever the data or its translation does."""
        hashed = hashlib.sha256(self.path.read_bytes())
        po = catalogs.catalog_dir(self.language, self.locales) / "channels.po"
        if po.is_file():
            hashed.update(po.read_bytes())
        return hashed.hexdigest()

    def source_messages(self) -> list[tuple[str, int]]:
        """Every English string, with its line in the data file, for the translators."""
        found = [(message, 1) for message in LABELS.values()]
        for channel in self.channels:
            found += [(channel.text[name], channel.line) for name in TEXT_FIELDS]
        return found


def channels_of(env: BuildEnvironment) -> Channels:
    """The build's channel data: read once, again only when the file or its catalog changes."""
    srcdir = Path(env.srcdir)
    locales = locales_dir(env.config, srcdir)  # conf.py is in the source folder: locale_dirs is relative to it
    po = catalogs.catalog_dir(env.config.language, locales) / "channels.po"
    stamps = tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in (srcdir / DATA_FILE, po))
    return _channels(srcdir, env.config.language, locales, stamps)


@functools.cache
def _channels(srcdir: Path, language: str, locales: Path, stamps: tuple[int, ...]) -> Channels:
    return Channels(srcdir, language, locales)


def _page_link(env: BuildEnvironment, channel: Channel, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + channel.page, refexplicit=True, refwarn=True
    )
    ref += nodes.inline(text, text)
    return ref


def _paragraph(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


class ChannelDirective(SphinxDirective):
    def data(self) -> Channels:
        data = channels_of(self.env)
        self.env.note_dependency(str(data.path))
        return data


class ChannelTable(ChannelDirective):
    """``channel-table``: every channel compared, one row each."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        columns = ("channel", "products", "availability", "response", "reach", "best_for")
        table = nodes.table(classes=["channel-table"])
        group = nodes.tgroup(cols=len(columns))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in columns)
        head, body = nodes.thead(), nodes.tbody()
        group += [head, body]
        head += nodes.row("", *(nodes.entry("", _paragraph(data.label(c))) for c in columns))
        for channel in data.channels:
            cells = [_paragraph(_page_link(self.env, channel, data.text(channel, "name"))), _paragraph(data.products(channel))]
            cells += [_paragraph(data.text(channel, name)) for name in columns[2:]]
            body += nodes.row("", *(nodes.entry("", cell) for cell in cells))
        return [table]


class ChannelFacts(ChannelDirective):
    """``channel-facts <id>``: one channel's facts as a definition list."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        data = self.data()
        try:
            channel = data.get(self.arguments[0])
        except KeyError as exc:
            raise self.error(str(exc.args[0])) from None
        facts = nodes.definition_list(classes=["channel-facts"])
        rows = [("products", data.products(channel))]
        rows += [(name, data.text(channel, name)) for name in ("availability", "response", "reach", "best_for")]
        for key, value in rows:
            facts += nodes.definition_list_item(
                "", nodes.term(data.label(key), data.label(key)), nodes.definition("", _paragraph(value))
            )
        return [facts]


class ChannelSummary(ChannelDirective):
    """``channel-summary``: which channel suits which situation."""

    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        data = self.data()
        items = nodes.bullet_list(classes=["channel-summary", *self.options.get("class", [])])
        for channel in data.channels:
            name = nodes.strong()
            name += _page_link(self.env, channel, data.text(channel, "name"))
            items += nodes.list_item("", _paragraph(name, data.label("separator"), data.text(channel, "summary")))
        return [items]


class ChannelRole(SphinxRole):
    """``{channel}`email.response```: one fact, inline."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        channel_id, _, name = self.text.partition(".")
        data = channels_of(self.env)
        self.env.note_dependency(str(data.path))
        try:
            channel = data.get(channel_id)
            if name not in TEXT_FIELDS:
                raise KeyError(f"unknown field {name!r}; use one of {', '.join(TEXT_FIELDS)}")
        except KeyError as exc:
            message = self.inliner.reporter.error(f"{{channel}}`{self.text}`: {exc.args[0]}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        return [nodes.inline(self.rawtext, data.text(channel, name), classes=["channel-fact"])], []


class FactCase(SphinxPostTransform):
    """An inline fact starts a sentence or continues one: capitalise it to fit.

    The data is written as it reads in a table cell ("Typically 24 to 48
    hours"); after a colon or inside a sentence it takes a lower-case first
    letter, as both English and French typography want. Names keep theirs.
    """

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        for fact in list(self.document.findall(nodes.inline)):
            if "channel-fact" not in fact["classes"]:
                continue
            position = fact.parent.index(fact)
            before = fact.parent[position - 1].astext() if position else ""
            starts_sentence = not before.strip() or re.search(r"[.!?]\s*$", before)
            text = fact.astext()
            first = text.split(" ", 1)[0]
            if not starts_sentence and len(first) > 1 and first[0].isupper() and first[1:].islower():
                fact.children = []
                fact += nodes.Text(text[0].lower() + text[1:])


def add_help_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The "Still need help?" block: every channel, same order, on every page."""
    data = channels_of(app.env)
    context["helpcenter_help"] = {
        "title": data.label("still_need_help"),
        "intro": data.label("still_need_help_intro"),
        "separator": data.label("separator"),
        "channels": [
            {"name": data.text(c, "name"), "summary": data.text(c, "summary"), "url": context["pathto"](c.page)}
            for c in data.channels
        ],
    }


def outdated_when_data_changes(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """Every page shows channel data in its footer: rebuild them all when it changes."""
    digest = channels_of(env).digest()
    if getattr(env, "helpcenter_channels_digest", None) == digest:
        return []
    env.helpcenter_channels_digest = digest
    return sorted(env.found_docs)


def add_messages_to_gettext(app: Sphinx) -> None:
    if app.builder.name != "gettext":
        return
    data = channels_of(app.env)
    for message, line in data.source_messages():
        app.builder.catalogs["channels"].add(message, MsgOrigin(str(data.path), line))


def check_data(app: Sphinx) -> None:
    channels_of(app.env)  # fail early, with file and line, on malformed data


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("channel-table", ChannelTable)
    app.add_directive("channel-facts", ChannelFacts)
    app.add_directive("channel-summary", ChannelSummary)
    app.add_role("channel", ChannelRole())
    app.add_post_transform(FactCase)
    app.connect("builder-inited", check_data)
    app.connect("builder-inited", add_messages_to_gettext)
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("html-page-context", add_help_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
