"""The support channels, kept once in ``docs/_data/channels.toml``.

Each channel states its facts (availability, response time, how to reach it,
what it is best for) per product, each fact with its source: the seed it
comes from (``docs/_data/sources/<id>_*.txt``) and a short quote of that
seed, checked when the build starts. A fact the sources do not give for a
product is written ``not_stated = true`` and reads "Not given" (a channel a
product does not have: "Not listed") in every language. A route's ``reach``
may carry its official ``url`` (help center, chat page, ``mailto:``), allowed
by ``helpcenter_link_hosts``: the tables and every "Still need help?" block
link it.

The data file is rendered into the comparison tables (``channel-table``, the
products side by side), the fact table of each channel page
(``channel-facts``), the "which channel?" summary (``channel-summary``),
inline facts (the ``channel`` role, e.g. ``{channel}`email.response```) and
every page's "Still need help?" block, which lists the routes of the
products named in the page's ``products`` front matter. Its text is
translated through ``locales/<lang>/LC_MESSAGES/channels.po``, which
``make update-po`` keeps in step with the data.
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
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import catalogs
from ..errors import InputError
from ..project import ProjectError, find
from .config import locales_dir

logger = logging.getLogger(__name__)

DATA_FILE = Path("_data") / "channels.toml"
SOURCES_DIR = Path("_data") / "sources"
#: The products the site is about, in the order they are shown.
PRODUCTS = ("NordVPN", "NordPass")
#: The facts each channel states per product, in the order they are shown.
FACTS = ("availability", "response", "reach", "best_for")
#: Text fields of the channel itself (not per product).
CHANNEL_TEXT = ("name", "summary")
TEXT_FIELDS = (*CHANNEL_TEXT, *FACTS)
_CHANNEL_KEYS = ("id", "name", "page", "summary", "products", "help_block", "values", *PRODUCTS)
_FACT_KEYS = ("text", "source", "quote", "not_stated", "url")

#: Labels the extension writes around the data, translated in the same catalog.
LABELS = {
    "channel": "Channel",
    "fact": "Fact",
    "availability": "Availability",
    "response": "Typical response",
    "reach": "How to reach it",
    "best_for": "Best for",
    # A fact no source gives for a product, and a channel a product does not have, in reader words.
    "not_stated": "Not given",
    "not_listed": "Not listed",
    "still_need_help": "Still need help?",
    "still_need_help_intro": "Contact support through one of these routes:",
    "product_support": "{product} support",
    # A route in the "Still need help?" block: how to reach it, then when it is open.
    "route": "{reach} ({availability})",
    # Between a channel's name and when to use it, in lists.
    "separator": ": ",
    # Between the products' facts, inline: "NordVPN: …; NordPass: …".
    "list_separator": "; ",
}


class ChannelDataError(InputError, ExtensionError):
    """The channel data file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Fact:
    """One fact of one channel for one product, with where it comes from."""

    text: str | None  # None: not stated in the sources
    source: str | None = None
    quote: str | None = None
    line: int = 1
    url: str | None = None  # the official address of this route (reach), linked wherever the route is named

    @property
    def stated(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    page: str
    summary: str
    products: tuple[str, ...]
    help_block: bool
    facts: dict[str, dict[str, Fact]]  # product -> fact name -> fact
    values: dict[str, int | float] = field(default_factory=dict)
    line: int = 1

    def fact(self, product: str, name: str) -> Fact:
        return self.facts.get(product, {}).get(name) or Fact(None)

    @property
    def text(self) -> dict[str, str]:
        """The channel's own text fields (name, summary)."""
        return {"name": self.name, "summary": self.summary}


def _relative(path: Path) -> str:
    try:
        return find(path.parent).relative(path)
    except ProjectError:
        return str(path)


# -- Reading and checking the file ---------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_-]+|"[^"]*")\s*=')


def key_lines(source: str) -> tuple[list[int], dict[tuple[int, tuple[str, ...]], int]]:
    """Where things are: each [[channel]]'s line, and each key's line by (channel number, path).

    tomllib gives no positions, so the lines are found in the text: enough
    for this file's shape (channel headers, [channel.<Product>.<fact>] tables,
    ``key = value`` lines).
    """
    starts: list[int] = []
    lines: dict[tuple[int, tuple[str, ...]], int] = {}
    path: tuple[str, ...] = ()
    for number, line in enumerate(source.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            parts = tuple(p.strip().strip('"') for p in header.group(1).split("."))
            if line.lstrip().startswith("[[") and parts == ("channel",):
                starts.append(number)
                path = ()
            elif parts[:1] == ("channel",) and starts:
                path = parts[1:]
                for depth in range(1, len(path) + 1):
                    lines.setdefault((len(starts) - 1, path[:depth]), number)
            continue
        key = _KEY.match(line)
        if key and starts:
            lines.setdefault((len(starts) - 1, (*path, key.group(1).strip('"'))), number)
    return starts, lines


def _kind(value: Any) -> str:
    """How a TOML value reads to a maintainer."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'text ("{value[:40]}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Reader:
    """Checks one channel entry against the schema, naming file, line and field."""

    path: Path
    number: int  # 0-based channel number
    start: int  # line of its [[channel]]
    lines: dict[tuple[int, tuple[str, ...]], int]
    label: str = ""

    def line(self, *keys: str) -> int:
        for depth in range(len(keys), 0, -1):
            if (self.number, keys[:depth]) in self.lines:
                return self.lines[(self.number, keys[:depth])]
        return self.start

    def fail(self, keys: tuple[str, ...], message: str) -> ChannelDataError:
        return ChannelDataError(f"{_relative(self.path)}:{self.line(*keys)}: {self.label}{message}")

    def text(self, entry: dict[str, Any], key: str, example: str, *, where: tuple[str, ...] = ()) -> str:
        keys = (*where, key)
        name = ".".join(keys)
        if key not in entry:
            raise self.fail(where, f"lacks the field {name!r}: add {key} = \"{example}\"")
        value = entry[key]
        if not isinstance(value, str):
            raise self.fail(keys, f"field {name!r} has the wrong type: write text in quotes, e.g. {key} = \"{example}\", not {_kind(value)}")
        if not value.strip():
            raise self.fail(keys, f"field {name!r} is empty: write it, e.g. {key} = \"{example}\"")
        return value

    def unknown_keys(self, entry: dict[str, Any], allowed: tuple[str, ...], where: tuple[str, ...] = ()) -> None:
        for key in entry:
            if key not in allowed:
                raise self.fail((*where, key), f"unknown field {'.'.join((*where, key))!r}; the fields here are {', '.join(allowed)}")


def _seeds(directory: Path) -> dict[str, Path]:
    return {p.name.split("_", 1)[0]: p for p in sorted(directory.glob("*.txt"))}


@functools.cache
def _seed_text(path: Path, mtime: int) -> str:
    return _normalise(path.read_text(encoding="utf-8"))


def _read_fact(reader: _Reader, entry: Any, product: str, name: str, seeds: dict[str, Path]) -> Fact:
    where = (product, name)
    example = "000"
    if not isinstance(entry, dict):
        raise reader.fail(where, f"{product} {name} has the wrong type: write a table [channel.{product}.{name}] with text, source and quote, not {_kind(entry)}")
    reader.unknown_keys(entry, _FACT_KEYS, where)
    line = reader.line(*where)
    if "not_stated" in entry:
        if entry["not_stated"] is not True:
            raise reader.fail((*where, "not_stated"), f"field '{product}.{name}.not_stated' has the wrong type: write not_stated = true, not {_kind(entry['not_stated'])}")
        extra = [k for k in ("text", "source", "quote", "url") if k in entry]
        if extra:
            raise reader.fail((*where, extra[0]), f"{product} {name} is marked not_stated = true but also has {', '.join(extra)}: keep one or the other")
        return Fact(None, line=line)
    text = reader.text(entry, "text", "what the reader sees", where=where)
    if "source" not in entry or "quote" not in entry:
        missing = " and ".join(k for k in ("source", "quote") if k not in entry)
        raise reader.fail(
            where,
            f"{product} {name} has no {missing}: add source = \"{example}\" (the seed's number, docs/_data/sources/) "
            "and quote = \"...\" (a short passage of that seed that states it), or write not_stated = true",
        )
    source = reader.text(entry, "source", example, where=where)
    quote = reader.text(entry, "quote", "a passage of the seed", where=where)
    if source not in seeds:
        raise reader.fail(
            (*where, "source"), f"source {source!r} of {product} {name} is not a seed: the seeds are {', '.join(seeds) or 'none'} (docs/_data/sources/)"
        )
    seed = seeds[source]
    if _normalise(quote) not in _seed_text(seed, seed.stat().st_mtime_ns):
        raise reader.fail(
            (*where, "quote"),
            f"the quote of {product} {name} is not in seed {source} (docs/_data/sources/{seed.name}): copy the passage exactly",
        )
    url = reader.text(entry, "url", "https://nordvpn.com/", where=where) if "url" in entry else None
    if url is not None and name != "reach":
        raise reader.fail((*where, "url"), f"{product} {name} has a url: only a route's reach has one")
    return Fact(text, source, quote, line, url)


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
    starts, lines = key_lines(source)
    entries = data.get("channel", [])
    if not isinstance(entries, list) or not entries:
        raise ChannelDataError(f"{_relative(path)}:1: no [[channel]] entries")
    seeds = _seeds(path.parent / SOURCES_DIR.name)
    channels: list[Channel] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries):
        reader = _Reader(path, number, starts[number] if number < len(starts) else 1, lines)
        channel_id = entry.get("id")
        if not isinstance(channel_id, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", channel_id):
            shown = f", not {_kind(channel_id)}" if channel_id is not None else ""
            raise reader.fail(("id",), f"channel #{number + 1} needs an id in kebab-case, e.g. id = \"live-chat\"{shown}")
        if channel_id in seen:
            raise reader.fail(("id",), f"the channel id {channel_id!r} is already used by the channel at line {seen[channel_id]}: give each channel its own id")
        seen[channel_id] = reader.line("id")
        reader.label = f"channel {channel_id!r}: "
        reader.unknown_keys(entry, _CHANNEL_KEYS)
        name = reader.text(entry, "name", "Live chat")
        page = reader.text(entry, "page", "channels/live-chat")
        summary = reader.text(entry, "summary", "when a reader should use it")
        if "products" not in entry:
            raise reader.fail((), 'lacks the field \'products\': add products = ["NordVPN", "NordPass"] (the products the sources describe it for)')
        products = entry["products"]
        example = 'products = ["NordVPN", "NordPass"]'
        if not isinstance(products, list):
            raise reader.fail(("products",), f"field 'products' has the wrong type: write a list of product names, e.g. {example}, not {_kind(products)}")
        for position, product in enumerate(products, start=1):
            if not isinstance(product, str):
                raise reader.fail(
                    ("products",), f"field 'products' has the wrong type: item {position} is {_kind(product)}; write product names in quotes, e.g. {example}"
                )
            if product not in PRODUCTS:
                raise reader.fail(("products",), f"field 'products': unknown product {product!r}; the products are {', '.join(PRODUCTS)}")
        help_block = entry.get("help_block", False)
        if not isinstance(help_block, bool):
            raise reader.fail(("help_block",), f"field 'help_block' has the wrong type: write help_block = true or help_block = false, not {_kind(help_block)}")
        values = entry.get("values", {})
        if not isinstance(values, dict):
            raise reader.fail(("values",), f"field 'values' has the wrong type: write a table of numbers, e.g. values = {{ min_hours = 24 }}, not {_kind(values)}")
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise reader.fail(("values",), f"field 'values.{key}' has the wrong type: write a number, e.g. {key} = 24, not {_kind(value)}")
        facts: dict[str, dict[str, Fact]] = {}
        for product in PRODUCTS:
            table = entry.get(product)
            if product not in products:
                if table is not None:
                    raise reader.fail((product,), f"has facts for {product}, which is not in its products: add {product!r} to products or remove the table")
                continue
            if not isinstance(table, dict):
                what = "has no facts" if table is None else f"has {_kind(table)} instead of facts"
                raise reader.fail(
                    (product,) if table is not None else ("products",),
                    f"{what} for {product}: add a table [channel.{product}.<fact>] for each of {', '.join(FACTS)}",
                )
            reader.unknown_keys(table, FACTS, (product,))
            facts[product] = {}
            for name_ in FACTS:
                if name_ not in table:
                    raise reader.fail((product,), f"lacks {product} {name_}: add [channel.{product}.{name_}] with text, source and quote, or not_stated = true")
                facts[product][name_] = _read_fact(reader, table[name_], product, name_, seeds)
        texts = {"name": name, "summary": summary}
        texts.update({f"{p}.{n}": f.text for p, fs in facts.items() for n, f in fs.items() if f.text})
        for field_name, value in texts.items():
            try:
                value.format(**values)
            except (KeyError, IndexError, ValueError) as exc:
                raise reader.fail(
                    tuple(field_name.split(".")), f"field {field_name!r}: {{{exc}}} is not in its values table"
                ) from None
        channels.append(Channel(channel_id, name, page, summary, tuple(products), help_block, facts, values, reader.start))
    return channels


# -- The data of one build, translated --------------------------------------------


def lower_first(text: str) -> str:
    """'Typically 24 hours' -> 'typically 24 hours' inside a sentence; names keep their capital."""
    first = text.split(" ", 1)[0]
    if first and first[0].isupper() and (first[1:].islower() or (len(first) == 1 and first not in ("I", "X"))):
        return text[0].lower() + text[1:]
    return text


class Channels:
    """The channel data of one build, translated into the build's language."""

    def __init__(self, srcdir: Path, language: str, locales: Path) -> None:
        self.path = srcdir / DATA_FILE
        self.sources = srcdir / SOURCES_DIR
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

    def text(self, channel: Channel, name: str, product: str | None = None) -> str:
        """A channel's name or summary, or one product's fact (or "Not given" / "Not listed")."""
        if name in CHANNEL_TEXT:
            return self.gettext(channel.text[name]).format(**channel.values)
        fact = channel.fact(product or "", name)
        if not fact.stated:
            return self.label("not_stated" if product in channel.products else "not_listed")
        return self.gettext(fact.text or "").format(**channel.values)

    def stated(self, channel: Channel, name: str, product: str) -> bool:
        return channel.fact(product, name).stated

    def digest(self) -> str:
        """Changes whenever the data, its sources or its translation does."""
        hashed = hashlib.sha256(self.path.read_bytes())
        for seed in sorted(self.sources.glob("*.txt")):
            hashed.update(seed.read_bytes())
        po = catalogs.catalog_dir(self.language, self.locales) / "channels.po"
        if po.is_file():
            hashed.update(po.read_bytes())
        return hashed.hexdigest()

    def source_messages(self) -> list[tuple[str, int]]:
        """Every English string, with its line in the data file, for the translators."""
        found = [(message, 1) for message in LABELS.values()]
        for channel in self.channels:
            found += [(channel.name, channel.line), (channel.summary, channel.line)]
            for facts in channel.facts.values():
                found += [(fact.text, fact.line) for fact in facts.values() if fact.text]
        return found


def channels_of(env: BuildEnvironment) -> Channels:
    """The build's channel data: read once, again only when the file, a source or the catalog changes."""
    srcdir = Path(env.srcdir)
    locales = locales_dir(env.config, srcdir)  # conf.py is in the source folder: locale_dirs is relative to it
    po = catalogs.catalog_dir(env.config.language, locales) / "channels.po"
    paths = (srcdir / DATA_FILE, po, *sorted((srcdir / SOURCES_DIR).glob("*.txt")))
    stamps = tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in paths)
    return _channels(srcdir, env.config.language, locales, stamps)


@functools.cache
def _channels(srcdir: Path, language: str, locales: Path, stamps: tuple[int, ...]) -> Channels:
    return Channels(srcdir, language, locales)


# -- Each page's products -------------------------------------------------------------


def parse_products(value: Any) -> tuple[tuple[str, ...], list[str]]:
    """``"NordVPN, NordPass"`` -> (("NordVPN", "NordPass"), unknown names)."""
    names = [n.strip() for n in str(value or "").split(",") if n.strip()]
    known = tuple(p for p in PRODUCTS if p in names)
    return known, [n for n in names if n not in PRODUCTS]


def page_products(env: BuildEnvironment, docname: str) -> tuple[str, ...]:
    """The products a page is about (its ``products`` front matter); every product for generated pages."""
    metadata = env.metadata.get(docname)
    if metadata is None:
        return PRODUCTS
    known, _ = parse_products(metadata.get("products"))
    return known or PRODUCTS


def check_page_products(app: Sphinx, doctree: nodes.document) -> None:
    """Every page names its products: the help block and related questions depend on them."""
    from .pagemeta import _line_of

    docname = app.env.docname
    value = app.env.metadata[docname].get("products")
    path = Path(app.env.doc2path(docname))
    known, unknown = parse_products(value)
    if unknown:
        logger.warning(
            "products: unknown product %s; write products: followed by %s, or both separated by a comma",
            ", ".join(repr(u) for u in unknown), " or ".join(PRODUCTS), location=(docname, _line_of(path, "products")),
        )  # fmt: skip
    elif not known:
        logger.warning(
            "page has no 'products' field: add `products: NordVPN`, `products: NordPass` or `products: NordVPN, NordPass` "
            "at the top (front matter in .md, field list in .rst): the \"Still need help?\" block shows their support routes",
            location=(docname, 1),
        )  # fmt: skip


# -- Rendering ----------------------------------------------------------------------------


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


def fact_table(env: BuildEnvironment, data: Channels, channel: Channel, classes: list[str]) -> nodes.table:
    """One channel's facts, a row per fact and a column per product, side by side."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=1 + len(PRODUCTS))
    table += group
    group += nodes.colspec(colwidth=1, stub=1)
    group.extend(nodes.colspec(colwidth=2) for _ in PRODUCTS)
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    name = _paragraph(_page_link(env, channel, data.text(channel, "name")))
    head += nodes.row("", nodes.entry("", name), *(nodes.entry("", _paragraph(p)) for p in PRODUCTS))
    for fact in FACTS:
        cells = [nodes.entry("", _paragraph(data.label(fact)))]
        for product in PRODUCTS:
            classes_ = [] if data.stated(channel, fact, product) else ["not-stated"]
            text = data.text(channel, fact, product)
            url = channel.fact(product, fact).url
            content = nodes.reference(text, text, refuri=url, classes=["official-route"]) if url else text
            cells.append(nodes.entry("", _paragraph(content), classes=classes_))
        body += nodes.row("", *cells)
    return table


class ChannelDirective(SphinxDirective):
    def data(self) -> Channels:
        data = channels_of(self.env)
        self.env.note_dependency(str(data.path))
        return data


class ChannelTable(ChannelDirective):
    """``channel-table``: every channel compared, one table each, the products side by side."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        wrapper = nodes.container(classes=["channel-tables"])
        for channel in data.channels:
            wrapper += fact_table(self.env, data, channel, ["channel-table"])
        return [wrapper]


class ChannelFacts(ChannelDirective):
    """``channel-facts <id>``: one channel's facts, the products side by side."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        data = self.data()
        try:
            channel = data.get(self.arguments[0])
        except KeyError as exc:
            raise self.error(str(exc.args[0])) from None
        return [fact_table(self.env, data, channel, ["channel-facts"])]


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


class channel_fact(nodes.inline):
    """An inline fact waiting for the page's products (known once the page is read)."""


class ChannelRole(SphinxRole):
    """``{channel}`email.response```: one fact, inline.

    ``id.name`` and ``id.summary`` give the channel's own text. ``id.<fact>``
    gives the fact for the page's products (front matter ``products``): one
    product's alone, or each product's, named ("NordVPN: …; NordPass: …").
    ``id.<Product>.<fact>`` gives one product's fact.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        parts = self.text.split(".")
        data = channels_of(self.env)
        self.env.note_dependency(str(data.path))
        try:
            if len(parts) == 2:
                channel_id, product, name = parts[0], "", parts[1]
            elif len(parts) == 3:
                channel_id, product, name = parts
                matches = [p for p in PRODUCTS if p.lower() == product.lower()]
                if not matches:
                    raise KeyError(f"unknown product {product!r}; use one of {', '.join(PRODUCTS)}")
                product = matches[0]
            else:
                raise KeyError("write channel.fact (email.response) or channel.Product.fact (email.NordPass.response)")
            data.get(channel_id)
            if name not in TEXT_FIELDS:
                raise KeyError(f"unknown field {name!r}; use one of {', '.join(TEXT_FIELDS)}")
        except KeyError as exc:
            message = self.inliner.reporter.error(f"{{channel}}`{self.text}`: {exc.args[0]}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        node = channel_fact(self.rawtext, "", classes=["channel-fact"], channel=channel_id, product=product, field=name)
        return [node], []


class ResolveFacts(SphinxPostTransform):
    """Write each inline fact in the build's language, for the page's products."""

    default_priority = 50

    def run(self, **kwargs: Any) -> None:
        data = channels_of(self.env)
        for node in list(self.document.findall(channel_fact)):
            channel = data.get(node["channel"])
            name, product = node["field"], node["product"]
            if name in CHANNEL_TEXT or product:
                text = data.text(channel, name, product or None)
            else:
                products = page_products(self.env, self.env.docname)
                if len(products) == 1:
                    text = data.text(channel, name, products[0])
                else:
                    text = data.label("list_separator").join(
                        p + data.label("separator") + lower_first(data.text(channel, name, p)) for p in products
                    )
            node.replace_self(nodes.inline(node.rawsource, text, classes=["channel-fact"]))


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
            if not starts_sentence and lower_first(text) != text:
                fact.children = []
                fact += nodes.Text(lower_first(text))


def help_routes(data: Channels, products: tuple[str, ...], pathto: Any) -> list[dict[str, Any]]:
    """The "Still need help?" routes of each product: the help-block channels it has, how to reach them."""
    groups = []
    for product in products:
        routes = []
        for channel in data.channels:
            if not channel.help_block or not data.stated(channel, "reach", product):
                continue
            text = lower_first(data.text(channel, "reach", product))
            if data.stated(channel, "availability", product):
                availability = lower_first(data.text(channel, "availability", product))
                text = data.label("route").format(reach=text, availability=availability)
            official = channel.fact(product, "reach").url
            routes.append({"name": data.text(channel, "name"), "text": text, "url": pathto(channel.page), "official": official})
        if routes:
            groups.append({"product": product, "title": data.label("product_support").format(product=product), "routes": routes})
    return groups


def add_help_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The "Still need help?" block: the support routes of the page's products, same order everywhere."""
    data = channels_of(app.env)
    context["helpcenter_help"] = {
        "title": data.label("still_need_help"),
        "intro": data.label("still_need_help_intro"),
        "separator": data.label("separator"),
        "groups": help_routes(data, page_products(app.env, pagename), context["pathto"]),
    }


def scope_table_headers(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The fact tables' headers say what they head: the products' columns and the facts' rows (WCAG H63)."""
    body = context.get("body", "")
    if "channel-table" not in body and "channel-facts" not in body:
        return
    body = body.replace('<th class="head stub">', '<th class="head stub" scope="col">')
    body = body.replace('<th class="head">', '<th class="head" scope="col">')
    context["body"] = body.replace('<th class="stub">', '<th class="stub" scope="row">')


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
    """Fail early, with file and line, on malformed data or an official address the link policy refuses."""
    from .safe_markup import link_problem

    data = channels_of(app.env)
    for channel in data.channels:
        for product, facts in channel.facts.items():
            url = facts["reach"].url
            problem = url and (link_problem(url, app.config.helpcenter_link_hosts) or (None if ":" in url else "not a full address"))
            if problem:
                raise ChannelDataError(
                    f"{_relative(data.path)}:{facts['reach'].line}: channel {channel.id!r}: {product} reach url {url!r} is {problem}: "
                    f"link only {', '.join(app.config.helpcenter_link_hosts)} (helpcenter_link_hosts)"
                )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("channel-table", ChannelTable)
    app.add_directive("channel-facts", ChannelFacts)
    app.add_directive("channel-summary", ChannelSummary)
    app.add_role("channel", ChannelRole())
    app.add_node(channel_fact)
    app.add_post_transform(ResolveFacts)
    app.add_post_transform(FactCase)
    app.connect("builder-inited", check_data)
    app.connect("builder-inited", add_messages_to_gettext)
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("doctree-read", check_page_products, priority=900)
    app.connect("html-page-context", add_help_context)
    app.connect("html-page-context", scope_table_headers, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
