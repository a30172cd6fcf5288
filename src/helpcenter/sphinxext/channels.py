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
``make update-po`` keeps in step with the data. Reading and checking the
file is ``channel_data``; this module renders it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .channel_data import CHANNEL_TEXT, FACTS, PRODUCTS, TEXT_FIELDS, Channel, ChannelDataError, Channels, channels_of, lower_first, relative

logger = logging.getLogger(__name__)


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
                    f"{relative(data.path)}:{facts['reach'].line}: channel {channel.id!r}: {product} reach url {url!r} is {problem}: "
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
