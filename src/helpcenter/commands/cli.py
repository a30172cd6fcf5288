"""``helpcenter``: the commands behind the Makefile (build, gettext, update-po, serve).

Each command checks its input first (the languages, the catalogs) and stops
with a message that names the file and line, rather than a traceback.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import sys
from pathlib import Path

from .. import catalogs, languages
from ..errors import InputError, disk_error
from ..pipeline.build import SPHINX_PROCESS, build, selected, sphinx_command
from ..project import current


class UsageError(InputError):
    """Bad input from the command line or the repository; the message says what to do."""


def gettext(workdir: Path | None = None) -> int:
    """Extract the English messages into workdir/gettext/*.pot."""
    workdir = workdir or current().build
    source = languages.source().code
    command = sphinx_command("gettext", source, workdir / "gettext", workdir / "doctrees" / "gettext")
    return subprocess.run(command, cwd=current().root).returncode


def update_po(codes: list[str] | None, workdir: Path | None = None) -> int:
    """Refresh each translation's catalogs from freshly extracted templates."""
    workdir = workdir or current().build
    chosen = [lang for lang in selected(codes) if lang != languages.source()]
    if code := gettext(workdir):
        return code
    for lang in chosen:
        catalogs.update(workdir / "gettext", current().locales, lang.code)
    return 0


def reload_script_hash(port: int) -> str:
    """The CSP hash of the reload script that sphinx-autobuild adds to each page."""
    from sphinx_autobuild.middleware import web_socket_script

    script = web_socket_script(f"127.0.0.1:{port}")
    body = script.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    return "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")


def serve(codes: list[str] | None, port: int, preview: bool) -> int:
    """Live preview of one language on 127.0.0.1; with preview, untranslated text is highlighted."""
    (lang,) = selected(codes or [languages.source().code])[:1]
    extra = ["--define", "helpcenter_preview_untranslated=1"] if preview else []
    extra += ["--define", f"helpcenter_preview_script_hash={reload_script_hash(port)}"]
    build_dir = current().build
    sphinx = sphinx_command("html", lang.code, build_dir / "serve" / lang.code, build_dir / "doctrees" / f"serve-{lang.code}", *extra)
    command = [
        sys.executable, "-m", "sphinx_autobuild", "--host", "127.0.0.1", "--port", str(port),
        "--watch", str(current().locales), "--watch", str(Path(__file__).parents[1] / "sphinxext"),
        *sphinx[3:],
    ]  # fmt: skip
    print(f"Previewing {lang.name} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    return subprocess.run(command, cwd=current().root).returncode


def add_language(code: str, name: str) -> int:
    """Add a language to locales/languages.toml (as a draft) and create its catalogs."""
    try:
        languages.get(code)
    except languages.LanguageError:
        pass
    else:
        raise UsageError(f"language {code!r} is already in {current().relative(current().languages_file)}")
    candidate = languages.Language(code, name.strip(), draft=True)
    languages_file = current().languages_file
    text = languages_file.read_text(encoding="utf-8").rstrip("\n")
    entry = f'\n\n[[language]]\ncode = "{candidate.code}"\nname = "{candidate.name}"\n# Remove once every catalog is translated: then untranslated text fails the build.\ndraft = true\n'
    languages_file.write_text(text + entry, encoding="utf-8")
    try:
        languages.get(code)  # validates the new entry (code format, name)
    except languages.LanguageError:
        languages_file.write_text(text + "\n", encoding="utf-8")
        raise
    result = update_po([code])
    print(f"added {name} ({code}) as a draft; translate locales/{code}/LC_MESSAGES/*.po, then run make html")
    return result


def review_report() -> int:
    from . import review

    drifted = review.report(current().root, [lang.code for lang in languages.load()[1:]])
    for drift in drifted:
        print(f"{drift.page}: {drift.reason}")
    print(f"{len(drifted)} pages to review")
    return 1 if drifted else 0


def stats(codes: list[str] | None, minimum: float | None) -> int:
    from . import stats as translation_stats

    chosen = [lang.code for lang in selected(codes) if lang != languages.source()]
    text, ok = translation_stats.report(chosen, minimum)
    print(text)
    return 0 if ok else 1


def check(site: Path | None = None, reports: Path | None = None) -> int:
    """Catalogs, internal links and HTML validity of the built site; print the counts."""
    from ..checks import catalog_integrity, html, links

    project = current()
    site, reports = site or project.build / "html", reports or project.build / "reports"

    problems: list[object] = []
    for lang in languages.load()[1:]:
        files, entries, found = catalog_integrity.check_language(lang.code, project.docs, project.locales, project.root)
        print(f"catalogs [{lang.code}]: {files} files, {entries} entries checked, {len(found)} problems")
        problems += found
    report = links.check_site(site)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "external-links.txt").write_text("".join(f"{url}\n" for url in sorted(report.external)), encoding="utf-8")
    print(
        f"links: {report.checked} internal links and assets checked, {len(report.problems)} broken; "
        f"{len(report.external)} external links listed in {reports / 'external-links.txt'} (not fetched)"
    )
    problems += report.problems
    pages = sorted(site.rglob("*.html"))
    invalid = html.validate(pages)
    print(f"html: {len(pages)} pages validated with html-validate, {len(invalid)} problems")
    problems += invalid
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcenter", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in [
        ("build", "build the HTML site"),
        ("update-po", "refresh the catalogs"),
        ("serve", "live preview"),
        ("stats", "translation progress"),
    ]:
        command = sub.add_parser(name, help=text)
        command.add_argument("--lang", action="append", help="a language code (repeatable); all by default")
    sub.choices["serve"].add_argument("--port", type=int, default=8000)
    sub.choices["serve"].add_argument("--preview", action="store_true", help="highlight untranslated text")
    sub.choices["stats"].add_argument("--min", type=float, help="fail below this percentage translated")
    new = sub.add_parser("add-language", help="add a language and create its catalogs")
    new.add_argument("code")
    new.add_argument("name", help="the language's name in that language, e.g. Deutsch")
    sub.choices["build"].add_argument("--out", type=Path, help="where the site is published (_build/html)")
    sub.choices["build"].add_argument("--work", type=Path, help="where doctrees and work files go (_build)")
    sub.choices["build"].add_argument("--define", action="append", default=[], help="a Sphinx setting, name=value")
    sub.choices["build"].add_argument("--sphinx-module", default=SPHINX_PROCESS, help=argparse.SUPPRESS)  # make bench's stock build: "sphinx"
    sub.add_parser("gettext", help="extract messages into _build/gettext")
    sub.add_parser("check", help="check catalogs, links and HTML of the built site (after build)")
    sub.add_parser("soak", help="kill builds at random moments, then random edits; check each next build against a clean one")
    sub.choices["soak"].add_argument("--runs", type=int, default=50, help="rounds of builds killed at random moments")
    sub.choices["soak"].add_argument("--sequences", type=int, default=30, help="random-edit sequences")
    sub.choices["soak"].add_argument("--edits", type=int, default=30, help="edits in each sequence")
    sub.add_parser("review-report", help="pages changed after their review, translations older than their page")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            work = args.work or current().build
            return build(args.lang, work, args.out or work / "html", args.define, args.sphinx_module)
        if args.command == "gettext":
            return gettext()
        if args.command == "update-po":
            return update_po(args.lang)
        if args.command == "check":
            return check()
        if args.command == "stats":
            return stats(args.lang, args.min)
        if args.command == "soak":
            from . import soak

            return soak.main(["--runs", str(args.runs), "--sequences", str(args.sequences), "--edits", str(args.edits)])
        if args.command == "review-report":
            return review_report()
        if args.command == "add-language":
            return add_language(args.code, args.name)
        return serve(args.lang, args.port, args.preview)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Publishing is one rename at the end (pipeline/publish.py): before it, nothing served changed.
        print("error: interrupted (Ctrl-C): nothing new was published, the site is as it was; run the command again", file=sys.stderr)
        return 130
    except OSError as exc:
        message = disk_error(exc)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
