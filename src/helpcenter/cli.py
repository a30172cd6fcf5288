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

from .errors import InputError
from . import catalogs, languages, settings, workspace

ROOT = languages.ROOT
DOCS = ROOT / "docs"
LOCALES = ROOT / "locales"
BUILD = ROOT / "_build"


class UsageError(InputError):
    """Bad input from the command line or the repository; the message says what to do."""


def selected(codes: list[str] | None) -> list[languages.Language]:
    if not codes:
        return languages.load()
    return [languages.get(code) for code in codes]


def sphinx_command(builder: str, lang: str, outdir: Path, doctrees: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "helpcenter.sphinx_process", "--builder", builder,
        "--fail-on-warning", "--keep-going", "--nitpicky", "--quiet",
        "--define", f"language={lang}", "--doctree-dir", str(doctrees),
        *extra, str(DOCS), str(outdir),
    ]  # fmt: skip


try:
    import ctypes

    libc = ctypes.CDLL(None)
    libc.prctl  # Linux only
except (OSError, AttributeError):  # elsewhere, a killed build's Sphinx processes may run on
    libc = None


def _die_with_parent() -> None:
    """In the child: end when the build command ends (killed too), so no orphan writes on."""
    libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


def start_language(lang: str, workdir: Path, defines: list[str], keep: list[int] = ()) -> subprocess.Popen[str]:
    """Start Sphinx on one language's HTML, into workdir/sphinx/<lang>; it inherits the lock (keep)."""
    extra = [option for define in defines for option in ("--define", define)]
    command = sphinx_command("html", lang, workdir / "sphinx" / lang, workdir / "doctrees" / lang, *extra)
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        pass_fds=tuple(keep), preexec_fn=_die_with_parent if libc else None,
    )  # fmt: skip


def check_inputs(chosen: list[languages.Language], workdir: Path) -> None:
    """The catalogs and the channel data, checked for a clear message before Sphinx's:
    a translation that breaks the markup of its message is named by its .po line.

    Inputs that passed unchanged last time are not read again (a digest of
    them, and of the code that checks them, is kept in the work folder)."""
    translations = [lang.code for lang in chosen if lang != languages.source()]
    stamp = workdir / "checked-inputs.sha256"
    digest = _inputs_digest(translations)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return
    from . import channels
    from .checks import catalog_integrity

    catalogs.check_all(translations)
    broken = [
        problem
        for lang in translations
        for path in sorted(catalogs.catalog_dir(lang, LOCALES).rglob("*.po"))
        for problem in catalog_integrity.check_catalog(path, ROOT)[1]
        if problem.kind in catalog_integrity.BLOCKING
    ]
    if broken:
        raise catalogs.CatalogError("\n".join(map(str, broken)))
    channels.load(DOCS / channels.DATA_FILE)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, encoding="utf-8")


def _inputs_digest(translations: list[str]) -> str:
    package = Path(__file__).parent
    files = [*sorted((DOCS / "_data").rglob("*")), *sorted(package.rglob("*.py"))]
    for lang in translations:
        files += sorted(catalogs.catalog_dir(lang, LOCALES).rglob("*.po"))
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(f"{path}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build(codes: list[str] | None, workdir: Path, outdir: Path, defines: list[str] | None = None) -> int:
    """Build the languages in parallel, then publish them into outdir in one step."""
    settings.base_url()  # a bad site.toml stops here, before Sphinx prints its configuration
    chosen = selected(codes)
    outdir = outdir.absolute()
    with workspace.locked(workdir / "build.lock", outdir.with_name(f".{outdir.name}.lock")) as locks:
        fresh = [lang.code for lang in chosen if workspace.start(workdir, lang.code)]
        if fresh:
            print(f"the last {', '.join(fresh)} build did not finish: building {', '.join(fresh)} from scratch")
        return _build_and_publish(chosen, workdir, outdir, defines or [], locks)


def _build_and_publish(chosen: list[languages.Language], workdir: Path, outdir: Path, defines: list[str], locks: list[int]) -> int:
    failed: list[str] = []
    # Sphinx starts at once, one process per language (the machine's cores
    # build them side by side); the inputs are checked meanwhile, and if they
    # are broken their message, which names the file and line, is the one shown.
    running = {lang.code: start_language(lang.code, workdir, defines, locks) for lang in chosen}
    try:
        check_inputs(chosen, workdir)
    except InputError:
        for process in running.values():
            process.kill()
            process.wait()
        raise
    for lang, process in running.items():
        output, _ = process.communicate()
        if output.strip():
            print(f"--- {lang} ---\n{output.strip()}", file=sys.stderr if process.returncode else sys.stdout)
        if process.returncode:
            failed.append(lang)
    if failed:
        print(
            f"error: the {', '.join(failed)} build failed (messages above, each with its file and line); "
            f"nothing was published to {outdir}. Fix the files named and run the build again.",
            file=sys.stderr,
        )
        return 1
    from . import publish  # imports Sphinx's templating: after the builds have started

    changed = publish.publish(workdir / "sphinx", outdir, [lang.code for lang in chosen])
    for lang in chosen:
        workspace.finish(workdir, lang.code)
    print(f"built {', '.join(lang.code for lang in chosen)} into {outdir} ({len(changed)} files changed)")
    return 0


def gettext(workdir: Path = BUILD) -> int:
    """Extract the English messages into workdir/gettext/*.pot."""
    source = languages.source().code
    command = sphinx_command("gettext", source, workdir / "gettext", workdir / "doctrees" / "gettext")
    return subprocess.run(command, cwd=ROOT).returncode


def update_po(codes: list[str] | None, workdir: Path = BUILD) -> int:
    """Refresh each translation's catalogs from freshly extracted templates."""
    chosen = [lang for lang in selected(codes) if lang != languages.source()]
    if code := gettext(workdir):
        return code
    for lang in chosen:
        catalogs.update(workdir / "gettext", LOCALES, lang.code)
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
    sphinx = sphinx_command("html", lang.code, BUILD / "serve" / lang.code, BUILD / "doctrees" / f"serve-{lang.code}", *extra)
    command = [
        sys.executable, "-m", "sphinx_autobuild", "--host", "127.0.0.1", "--port", str(port),
        "--watch", str(LOCALES), "--watch", str(Path(__file__).parent),
        *sphinx[3:],
    ]  # fmt: skip
    print(f"Previewing {lang.name} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    return subprocess.run(command, cwd=ROOT).returncode


def add_language(code: str, name: str) -> int:
    """Add a language to locales/languages.toml (as a draft) and create its catalogs."""
    try:
        languages.get(code)
    except languages.LanguageError:
        pass
    else:
        raise UsageError(f"language {code!r} is already in {languages.LANGUAGES_FILE.relative_to(ROOT)}")
    candidate = languages.Language(code, name.strip(), draft=True)
    text = languages.LANGUAGES_FILE.read_text(encoding="utf-8").rstrip("\n")
    entry = f'\n\n[[language]]\ncode = "{candidate.code}"\nname = "{candidate.name}"\n# Remove once every catalog is translated: then untranslated text fails the build.\ndraft = true\n'
    languages.LANGUAGES_FILE.write_text(text + entry, encoding="utf-8")
    try:
        languages.get(code)  # validates the new entry (code format, name)
    except languages.LanguageError:
        languages.LANGUAGES_FILE.write_text(text + "\n", encoding="utf-8")
        raise
    result = update_po([code])
    print(f"added {name} ({code}) as a draft; translate locales/{code}/LC_MESSAGES/*.po, then run make html")
    return result


def review_report() -> int:
    from . import review

    drifted = review.report(ROOT, [lang.code for lang in languages.load()[1:]])
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


def check(site: Path = BUILD / "html", reports: Path = BUILD / "reports") -> int:
    """Catalogs, internal links and HTML validity of the built site; print the counts."""
    from .checks import catalog_integrity, html, links

    problems: list[object] = []
    for lang in languages.load()[1:]:
        files, entries, found = catalog_integrity.check_language(lang.code, DOCS, LOCALES, ROOT)
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
    sub.choices["build"].add_argument("--out", type=Path, default=BUILD / "html", help="where the site is published")
    sub.choices["build"].add_argument("--work", type=Path, default=BUILD, help="where doctrees and work files go")
    sub.choices["build"].add_argument("--define", action="append", default=[], help="a Sphinx setting, name=value")
    sub.add_parser("gettext", help="extract messages into _build/gettext")
    sub.add_parser("check", help="check catalogs, links and HTML of the built site (after build)")
    sub.add_parser("bench", help="measure build times, page weight, Lighthouse and search against the budgets")
    sub.add_parser("soak", help="kill builds at random moments; check each next build against a clean one")
    sub.choices["soak"].add_argument("--runs", type=int, default=50)
    sub.add_parser("review-report", help="pages changed after their review, translations older than their page")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return build(args.lang, args.work, args.out, args.define)
        if args.command == "gettext":
            return gettext()
        if args.command == "update-po":
            return update_po(args.lang)
        if args.command == "check":
            return check()
        if args.command == "stats":
            return stats(args.lang, args.min)
        if args.command == "bench":
            from . import bench

            return bench.main()
        if args.command == "soak":
            from . import soak

            return soak.main(["--runs", str(args.runs)])
        if args.command == "review-report":
            return review_report()
        if args.command == "add-language":
            return add_language(args.code, args.name)
        return serve(args.lang, args.port, args.preview)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
