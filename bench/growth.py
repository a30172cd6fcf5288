"""A synthetic knowledge base that grows a copy of the sources N times.

``grow(root, factor)`` adds, under ``docs/kb/``, (factor - 1) times as many
pages as the site has today: a "Knowledge base" section (linked from the home
page's toctree) of categories, each with subcategories of articles. Every
category page lists its pages with a toctree; every article has front matter
(description, reviewed, products), an introduction and three to five questions,
each with an explicit label and a ``keywords`` block. French catalogs are
written beside them (``locales/fr/LC_MESSAGES/kb/...``), so both languages
build with zero warnings.

The text comes from a vocabulary of the products' features, platforms and
settings (English and French in parallel), drawn with a seed: the same
factor gives the same pages, and a smaller factor's pages are a prefix of a
larger one's. It is not a copy of the real pages, which must still be found
by search among these.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

SEED = 13
SUBCATEGORIES = 6  # per category
ARTICLES = 11  # per subcategory

# (English, French) pairs. French nouns carry their article.
PRODUCTS = [("NordVPN", "NordVPN"), ("NordPass", "NordPass")]
FEATURES = [
    ("the kill switch", "le kill switch"), ("split tunneling", "le split tunneling"),
    ("Meshnet", "Meshnet"), ("Threat Protection", "Threat Protection"),
    ("the dedicated IP address", "l’adresse IP dédiée"), ("obfuscated servers", "les serveurs obfusqués"),
    ("the auto-connect setting", "la connexion automatique"), ("the server list", "la liste des serveurs"),
    ("double VPN", "le double VPN"), ("the custom DNS setting", "le DNS personnalisé"),
    ("the password health report", "le rapport de santé des mots de passe"), ("the autofill extension", "l’extension de remplissage automatique"),
    ("passkeys", "les clés d’accès"), ("the emergency access setting", "l’accès d’urgence"),
    ("the data breach scanner", "le scanner de fuites de données"), ("shared folders", "les dossiers partagés"),
    ("the email masking tool", "l’outil de masquage d’adresse e-mail"), ("two-factor authentication", "l’authentification à deux facteurs"),
    ("the import tool", "l’outil d’importation"), ("the protocol setting", "le réglage du protocole"),
    ("the dark web monitor", "la surveillance du dark web"), ("the tray icon", "l’icône de la barre des tâches"),
]  # fmt: skip
PLATFORMS = [
    ("a Chromebook", "un Chromebook"), ("a smart TV", "une télévision connectée"), ("a games console", "une console de jeux"),
    ("a tablet", "une tablette"), ("a work laptop", "un ordinateur portable professionnel"), ("Ubuntu", "Ubuntu"),
    ("a second phone", "un deuxième téléphone"), ("a shared family computer", "un ordinateur familial partagé"),
    ("an older Mac", "un ancien Mac"), ("a Windows desktop", "un ordinateur de bureau Windows"),
]  # fmt: skip
ACTIONS = [
    ("turn on", "activer"), ("turn off", "désactiver"), ("set up", "configurer"), ("reset", "réinitialiser"),
    ("update", "mettre à jour"), ("find", "trouver"), ("change", "modifier"), ("test", "tester"),
    ("schedule", "programmer"), ("export", "exporter"),
]  # fmt: skip
SYMPTOMS = [
    ("stays grey in the settings", "reste grisé dans les réglages"), ("stops after an update", "s’arrête après une mise à jour"),
    ("shows an unknown error", "affiche une erreur inconnue"), ("is slow to respond", "répond lentement"),
    ("does not save the change", "n’enregistre pas la modification"), ("disappears after a restart", "disparaît après un redémarrage"),
    ("asks to sign in again", "demande de se reconnecter"), ("blocks a local printer", "bloque une imprimante locale"),
]  # fmt: skip
STEPS = [
    ("Open the app and go to the settings.", "Ouvrez l’application et allez dans les réglages."),
    ("Sign out, then sign in again with the same account.", "Déconnectez-vous, puis reconnectez-vous avec le même compte."),
    ("Install the latest version of the app from the official store.", "Installez la dernière version de l’application depuis la boutique officielle."),
    ("Restart the device and try once more.", "Redémarrez l’appareil et réessayez."),
    ("Check that the date and time of the device are set automatically.", "Vérifiez que la date et l’heure de l’appareil sont réglées automatiquement."),
    ("Turn the option off, wait ten seconds and turn it on again.", "Désactivez l’option, attendez dix secondes et réactivez-la."),
    ("Choose another server in the same country.", "Choisissez un autre serveur dans le même pays."),
    ("Note the exact message shown, with the time it appeared.", "Notez le message exact affiché et l’heure à laquelle il est apparu."),
]  # fmt: skip
TOPICS = [
    ("Home network", "Réseau domestique"), ("Travel", "Voyage"), ("Streaming", "Streaming"), ("Families", "Familles"),
    ("Small business", "Petites entreprises"), ("Students", "Étudiants"), ("Remote work", "Télétravail"),
    ("Gaming", "Jeux vidéo"), ("Privacy basics", "Bases de la confidentialité"), ("Public Wi-Fi", "Wi-Fi public"),
    ("Shared devices", "Appareils partagés"), ("Older devices", "Appareils anciens"),
]  # fmt: skip
ASPECTS = [
    ("Getting started", "Premiers pas"), ("Settings", "Réglages"), ("Troubleshooting", "Dépannage"),
    ("Advanced use", "Usage avancé"), ("Accounts and devices", "Comptes et appareils"), ("Good habits", "Bonnes habitudes"),
]  # fmt: skip

APPS = [
    "Netflix", "Spotify", "Steam", "Zoom", "Microsoft Teams", "Slack", "Outlook", "Gmail", "WhatsApp", "Signal",
    "Telegram", "Discord", "Dropbox", "OneDrive", "Google Drive", "iCloud", "Firefox", "Chrome", "Safari", "Edge",
    "Brave", "Opera", "Thunderbird", "Plex", "Kodi", "Twitch", "YouTube", "Disney+", "Hulu", "BBC iPlayer",
    "PlayStation Network", "Xbox Live", "Nintendo eShop", "Fortnite", "Minecraft", "Roblox", "Skype", "Webex",
    "Revolut", "PayPal", "Amazon Prime Video", "Apple TV", "Deezer", "Tidal", "SoundCloud", "Vinted", "Booking.com",
]  # fmt: skip
PLACES = [
    ("Lisbon", "Lisbonne"), ("Warsaw", "Varsovie"), ("Vienna", "Vienne"), ("Prague", "Prague"), ("Athens", "Athènes"),
    ("Copenhagen", "Copenhague"), ("Brussels", "Bruxelles"), ("Geneva", "Genève"), ("Munich", "Munich"),
    ("Milan", "Milan"), ("Seville", "Séville"), ("Dublin", "Dublin"), ("Edinburgh", "Édimbourg"), ("Oslo", "Oslo"),
    ("Helsinki", "Helsinki"), ("Tallinn", "Tallinn"), ("Vilnius", "Vilnius"), ("Riga", "Riga"), ("Budapest", "Budapest"),
    ("Bucharest", "Bucarest"), ("Sofia", "Sofia"), ("Zagreb", "Zagreb"), ("Istanbul", "Istanbul"), ("Tokyo", "Tokyo"),
    ("Seoul", "Séoul"), ("Singapore", "Singapour"), ("Sydney", "Sydney"), ("Toronto", "Toronto"), ("Montreal", "Montréal"),
    ("Chicago", "Chicago"), ("Dallas", "Dallas"), ("Miami", "Miami"), ("Mexico City", "Mexico"), ("Sao Paulo", "São Paulo"),
    ("Buenos Aires", "Buenos Aires"), ("Johannesburg", "Johannesburg"), ("Cairo", "Le Caire"), ("Dubai", "Dubaï"),
    ("Mumbai", "Bombay"), ("Bangkok", "Bangkok"), ("Hanoi", "Hanoï"), ("Manila", "Manille"), ("Auckland", "Auckland"),
]  # fmt: skip
BRANDS = [
    "Asus", "Netgear", "TP-Link", "Linksys", "Synology", "Xiaomi", "Huawei", "Lenovo", "Dell", "HP", "Acer",
    "Samsung", "Sony", "LG", "Philips", "Motorola", "Nokia", "OnePlus", "Google Pixel", "Fairphone", "Medion",
    "Fritz!Box", "Ubiquiti", "MikroTik", "Zyxel", "D-Link", "Tenda", "Roku", "Nvidia Shield", "Chromecast",
]  # fmt: skip
ISSUES = [
    ("the connection drops every few minutes", "la connexion se coupe toutes les quelques minutes"),
    ("pages load but videos buffer", "les pages s’affichent mais les vidéos mettent du temps à charger"),
    ("the app freezes on the loading screen", "l’application se fige sur l’écran de chargement"),
    ("the download speed falls below one megabit", "le débit descendant tombe sous un mégabit"),
    ("the login code never arrives", "le code de connexion n’arrive jamais"),
    ("the battery drains faster than usual", "la batterie se vide plus vite que d’habitude"),
    ("the printer and the nearby speakers disappear", "l’imprimante et les enceintes voisines disparaissent"),
    ("the browser warns about a certificate", "le navigateur signale un problème de certificat"),
    ("the captcha appears on every search", "le captcha apparaît à chaque recherche"),
    ("the sync takes hours to finish", "la synchronisation met des heures à se terminer"),
]  # fmt: skip

Pair = tuple[str, str]


@dataclass
class Page:
    """One synthetic page: its docname and its messages in both languages."""

    docname: str
    markdown: str
    messages: list[Pair]  # (English msgid, French msgstr), in page order


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Writer:
    """Draws sentences for one page, deterministically from its key."""

    def __init__(self, key: str) -> None:
        self.random = random.Random(f"{SEED}:{key}")

    def pick(self, items: list[Pair]) -> Pair:
        return self.random.choice(items)

    def question(self, product: Pair, feature: Pair, platform: Pair) -> tuple[Pair, Pair]:
        """(the question, its keywords)."""
        kind = self.random.randrange(3)
        if kind == 0:
            action = self.pick(ACTIONS)
            q = (f"How do I {action[0]} {feature[0]} on {platform[0]}?", f"Comment {action[1]} {feature[1]} sur {platform[1]} ?")
        elif kind == 1:
            symptom = self.pick(SYMPTOMS)
            q = (f"Why does {feature[0]} of {product[0]} {_base(symptom[0])} on {platform[0]}?",
                 f"Pourquoi {feature[1]} de {product[1]} {symptom[1]} sur {platform[1]} ?")  # fmt: skip
        else:
            q = (f"Can I use {feature[0]} of {product[0]} on {platform[0]}?", f"Puis-je utiliser {feature[1]} de {product[1]} sur {platform[1]} ?")
        words = [w for w in re.findall(r"[a-z]+", feature[0].lower()) if w not in {"the", "of", "a", "an"}]
        words_fr = [w for w in re.findall(r"[a-zà-ÿ]+", feature[1].lower()) if w not in {"le", "la", "les", "de", "des", "l", "d"}]
        keywords = (f"{' '.join(words)} {product[0].lower()}, {' '.join(words)} {_bare(platform[0])}, {' '.join(words)} help",
                    f"{' '.join(words_fr)} {product[1].lower()}, {' '.join(words_fr)} {_bare(platform[1])}, aide {' '.join(words_fr)}")  # fmt: skip
        return q, keywords

    def paragraph(self, product: Pair, feature: Pair, platform: Pair) -> Pair:
        a, b = self.pick(ACTIONS), self.pick(SYMPTOMS)
        options = [
            (f"{cap(feature[0])} of {product[0]} works on {platform[0]} once the app is signed in, and you can {a[0]} it from the settings at any time.",
             f"{cap(feature[1])} de {product[1]} fonctionne sur {platform[1]} dès que l’application est connectée, et vous pouvez l’{a[1]} depuis les réglages à tout moment." if a[1][0] in "aeéiou" else
             f"{cap(feature[1])} de {product[1]} fonctionne sur {platform[1]} dès que l’application est connectée, et vous pouvez le {a[1]} depuis les réglages à tout moment."),
            (f"When {feature[0]} {b[0]}, the cause is usually an outdated app or a setting changed by another program on {platform[0]}.",
             f"Quand {feature[1]} {b[1]}, la cause est souvent une application pas à jour ou un réglage modifié par un autre programme sur {platform[1]}."),
            (f"The official {product[0]} help center describes {feature[0]} in its own article, with the versions of each app that support it.",
             f"Le centre d’aide officiel de {product[1]} décrit {feature[1]} dans un article dédié, avec les versions de chaque application qui le prennent en charge."),
            (f"If you share {platform[0]} with others, each person keeps their own {product[0]} account, and {feature[0]} applies only to the account signed in.",
             f"Si vous partagez {platform[1]} avec d’autres personnes, chacune garde son propre compte {product[1]}, et {feature[1]} ne s’applique qu’au compte connecté."),
            (f"Write down what you changed before you {a[0]} {feature[0]}: it makes the next step quicker if you need to ask a support agent.",
             f"Notez ce que vous avez modifié avant d’{a[1]} {feature[1]} : l’étape suivante sera plus rapide si vous devez contacter un conseiller." if a[1][0] in "aeéiou" else
             f"Notez ce que vous avez modifié avant de {a[1]} {feature[1]} : l’étape suivante sera plus rapide si vous devez contacter un conseiller."),
        ]  # fmt: skip
        return self.random.choice(options)

    def detail(self, product: Pair, feature: Pair) -> Pair:
        """A sentence with the specifics readers report: an app, a city, a device model, an error code, a version."""
        r = self.random
        app, place, issue = r.choice(APPS), r.choice(PLACES), r.choice(ISSUES)
        model = f"{r.choice(BRANDS)} {r.choice('ABCDEFGHKMRSTVX')}{r.choice('ABCDEFGHKMRSTVX')}-{r.randint(10, 9999)}"
        code, version = r.randint(100, 99999), f"{r.randint(2, 9)}.{r.randint(0, 40)}.{r.randint(0, 9)}"
        options = [
            (f"Readers with a {model} report that {issue[0]} when {app} is open and the server is in {place[0]}; version {version} of the {product[0]} app fixes it.",
             f"Des lecteurs équipés d’un {model} signalent que {issue[1]} quand {app} est ouvert et que le serveur est à {place[1]} ; la version {version} de l’application {product[1]} corrige ce problème."),
            (f"If {app} shows error {code} after you change {feature[0]}, write the code down: a support agent can tell from it whether the {model} or the network is the cause.",
             f"Si {app} affiche l’erreur {code} après une modification de {feature[1]}, notez ce code : un conseiller peut en déduire si le {model} ou le réseau est en cause."),
            (f"On a {model}, {feature[0]} needs firmware {version} or later; older firmware reports error {code} and {issue[0]}.",
             f"Sur un {model}, {feature[1]} demande le micrologiciel {version} ou plus récent ; un micrologiciel plus ancien affiche l’erreur {code} et {issue[1]}."),
            (f"Travellers in {place[0]} sometimes find that {issue[0]}; choosing a server in a nearby country and reopening {app} usually helps.",
             f"À {place[1]}, des voyageurs constatent parfois que {issue[1]} ; choisir un serveur dans un pays voisin et rouvrir {app} aide en général."),
        ]  # fmt: skip
        return r.choice(options)


def _bare(platform: str) -> str:
    """A platform without its article, in lower case: "a smart TV" becomes "smart tv"."""
    return re.sub(r"^(an?|une?) ", "", platform.lower())


def _base(symptom: str) -> str:
    """The symptom after "does": "stays grey" becomes "stay grey"."""
    verb, _, rest = symptom.partition(" ")
    base = {"does": "do", "is": "be", "asks": "ask", "stays": "stay", "stops": "stop", "shows": "show",
            "disappears": "disappear", "blocks": "block"}.get(verb, verb)  # fmt: skip
    return f"{base} {rest}"


def front_matter(description: Pair, products: str) -> str:
    return f"---\ndescription: {json.dumps(description[0], ensure_ascii=False)}\nreviewed: 2026-11-23\nproducts: {products}\n---\n\n"


def category_page(docname: str, title: Pair, intro: Pair, children: list[str]) -> Page:
    description = (f"{title[0]}: the articles of this category, with their questions and answers.",
                   f"{title[1]} : les articles de cette catégorie, avec leurs questions et leurs réponses.")  # fmt: skip
    entries = "\n".join(children)
    markdown = (front_matter(description, "NordVPN, NordPass") + f"# {title[0]}\n\n{intro[0]}\n\n"
                f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n")  # fmt: skip
    return Page(docname, markdown, [description, title, intro])


def article_page(docname: str, key: str) -> Page:
    w = Writer(key)
    product = w.pick(PRODUCTS)
    feature, platform = w.pick(FEATURES), w.pick(PLATFORMS)
    title = (f"{cap(feature[0])} on {platform[0]}", f"{cap(feature[1])} sur {platform[1]}")
    description = (f"How {feature[0]} of {product[0]} works on {platform[0]}, how to set it up and what to do when it fails.",
                   f"Le fonctionnement de {feature[1]} de {product[1]} sur {platform[1]}, sa configuration et que faire en cas de problème.")  # fmt: skip
    intro = w.paragraph(product, feature, platform)
    messages = [description, title, intro]
    parts = [front_matter(description, product[0]), f"# {title[0]}\n\n{intro[0]}\n"]
    seen: set[str] = set()
    for number in range(w.random.randint(3, 5)):
        other = w.pick(PLATFORMS) if number else platform
        question, keywords = w.question(product, feature, other)
        if question[0] in seen:
            continue
        seen.add(question[0])
        label = f"{slug(question[0])[:48].rstrip('-')}-{key}q{number}"
        body = [w.paragraph(product, feature, other), *(w.detail(product, feature) for _ in range(w.random.randint(1, 2)))]
        steps = w.random.sample(STEPS, w.random.randint(2, 4))
        parts.append(f"\n({label})=\n## {question[0]}\n\n```{{keywords}}\n{keywords[0]}\n```\n\n")
        parts.append("".join(f"{p[0]}\n\n" for p in body))
        parts.append("".join(f"- {s[0]}\n" for s in steps))
        messages += [question, keywords, *body, *steps]
    return Page(docname, "".join(parts), messages)


def pages(factor: int, today: int) -> list[Page]:
    """The synthetic pages for a site ``factor`` times today's (``today`` pages)."""
    wanted = max(0, (factor - 1) * today)
    if wanted == 0:
        return []
    per_category = SUBCATEGORIES * (ARTICLES + 1) + 1
    categories = max(1, -(-(wanted - 1) // per_category))
    result: list[Page] = []
    category_names = []
    left = wanted - 1  # kb/index
    for c in range(categories):
        topic = TOPICS[c % len(TOPICS)]
        round_ = c // len(TOPICS)
        title = topic if round_ == 0 else (f"{topic[0]} {round_ + 1}", f"{topic[1]} {round_ + 1}")
        cat = f"c{c:02d}"
        category_names.append(f"{cat}/index")
        left -= 1
        subs = []
        for s in range(SUBCATEGORIES):
            if left <= 0:
                break
            aspect = ASPECTS[s % len(ASPECTS)]
            sub = f"s{s}"
            count = min(ARTICLES, left - 1)
            left -= 1 + max(count, 0)
            articles = [f"a{a:02d}" for a in range(max(count, 0))]
            for article in articles:
                result.append(article_page(f"kb/{cat}/{sub}/{article}", f"{cat}{sub}{article}"))
            intro = (f"{aspect[0]} articles for {title[0].lower()}: one page per feature and device.",
                     f"Articles « {aspect[1].lower()} » pour la catégorie {title[1].lower()} : une page par fonctionnalité et par appareil.")  # fmt: skip
            subtitle = (f"{title[0]}: {aspect[0].lower()}", f"{title[1]} : {aspect[1].lower()}")
            result.append(category_page(f"kb/{cat}/{sub}/index", subtitle, intro, articles))
            subs.append(f"{sub}/index")
        intro = (f"Guides for {title[0].lower()}, grouped by what you want to do.",
                 f"Des guides pour la catégorie {title[1].lower()}, classés selon ce que vous voulez faire.")  # fmt: skip
        result.append(category_page(f"kb/{cat}/index", title, intro, subs))
        if left <= 0:
            break
    intro = ("Articles about every feature of NordVPN and NordPass on each device, by topic.",
             "Des articles sur chaque fonctionnalité de NordVPN et de NordPass sur chaque appareil, par thème.")  # fmt: skip
    result.append(category_page("kb/index", ("Knowledge base", "Base de connaissances"), intro, category_names))
    return result


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalog(page: Page) -> str:
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: NordVPN and NordPass Help Center\\n"\n'
        '"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    )
    seen: set[str] = set()
    entries = []
    for english, french in page.messages:
        if english not in seen:
            seen.add(english)
            entries.append(f"msgid {_po_string(english)}\nmsgstr {_po_string(french)}\n")
    return "# Synthetic catalog written by helpcenter.bench.growth.\n" + header + "\n" + "\n".join(entries)


def today_pages(root: Path) -> int:
    """Today's size: the English source pages of the checkout (not counting kb/)."""
    docs = root / "docs"
    return sum(1 for p in docs.rglob("*") if p.suffix in {".md", ".rst"} and not p.relative_to(docs).parts[0].startswith(("_", "kb")))


def grow(root: Path, factor: int) -> int:
    """Add the synthetic pages and catalogs to the copy at root; returns how many pages."""
    generated = pages(factor, today_pages(root))
    if not generated:
        return 0
    for page in generated:
        path = root / "docs" / f"{page.docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
        po = root / "locales" / "fr" / "LC_MESSAGES" / f"{page.docname}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(catalog(page), encoding="utf-8")
    index = root / "docs" / "index.rst"
    text = index.read_text(encoding="utf-8").rstrip("\n") + "\n"
    hidden = re.search(r"\.\. toctree::\n   :hidden:\n\n((?:   \S.*\n)+)", text)
    if hidden is None:
        raise RuntimeError(f"{index}: no hidden toctree to add the knowledge base to")
    index.write_text(text[: hidden.end()] + "   kb/index\n" + text[hidden.end() :], encoding="utf-8")
    return len(generated)
