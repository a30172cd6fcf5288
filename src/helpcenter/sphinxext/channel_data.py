"""The channel data file, ``docs/_data/channels.toml``: reading it, checking it
against its schema and its sources (with the file and line of every
mistake), and translating it for one build (``Channels``). Rendering it into
pages is ``channels``; nothing here writes a node.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from .. import catalogs
from ..errors import InputError
from ..project import ProjectError, find
from .config import locales_dir
from . import sources
from .sources import SOURCES_DIR

DATA_FILE = Path("_data") / "channels.toml"
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


def relative(path: Path) -> str:
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
        return ChannelDataError(f"{relative(self.path)}:{self.line(*keys)}: {self.label}{message}")

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
    if sources.normalise(quote) not in sources.seed_text(seed, seed.stat().st_mtime_ns):
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
        raise ChannelDataError(f"{relative(path)}: missing; it holds the support channels") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ChannelDataError(f"{relative(path)}:{line.group(1) if line else 1}: {exc}; fix the TOML syntax") from None
    starts, lines = key_lines(source)
    entries = data.get("channel", [])
    if not isinstance(entries, list) or not entries:
        raise ChannelDataError(f"{relative(path)}:1: no [[channel]] entries")
    seeds = sources.seeds(path.parent / SOURCES_DIR.name)
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
