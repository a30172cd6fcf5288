"""``helpcenter``: the commands behind the Makefile (build, gettext, update-po, serve).

Each command checks its input first (the languages, the catalogs) and stops
with a message that names the file and line, rather than a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import catalogs, channels, languages, publish

ROOT = languages.ROOT
DOCS = ROOT / "docs"
LOCALES = ROOT / "locales"
BUILD = ROOT / "_build"


class UsageError(Exception):
    """Bad input from the command line or the repository; the message says what to do."""


def selected(codes: list[str] | None) -> list[languages.Language]:
    if not codes:
        return languages.load()
    return [languages.get(code) for code in codes]


def sphinx_command(builder: str, lang: str, outdir: Path, doctrees: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "sphinx", "--builder", builder,
        "--fail-on-warning", "--keep-going", "--nitpicky", "--quiet",
        "--define", f"language={lang}", "--doctree-dir", str(doctrees),
        *extra, str(DOCS), str(outdir),
    ]  # fmt: skip


def build_language(lang: str, workdir: Path) -> tuple[str, int, str]:
    """Build one language's HTML into workdir/<lang>; return (lang, exit code, output)."""
    command = sphinx_command("html", lang, workdir / "sphinx" / lang, workdir / "doctrees" / lang)
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=os.environ)
    return lang, run.returncode, (run.stdout + run.stderr).strip()


def build(codes: list[str] | None, workdir: Path, outdir: Path) -> int:
    """Build the languages in parallel, then publish them into outdir in one step."""
    chosen = selected(codes)
    catalogs.check_all([lang.code for lang in chosen if lang != languages.source()])
    channels.load(DOCS / channels.DATA_FILE)
    failed: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, min(len(chosen), os.cpu_count() or 1))) as pool:
        for lang, code, output in pool.map(lambda lang: build_language(lang.code, workdir), chosen):
            if output:
                print(f"--- {lang} ---\n{output}", file=sys.stderr if code else sys.stdout)
            if code:
                failed.append(lang)
    if failed:
        print(
            f"error: the {', '.join(failed)} build failed (messages above, each with its file and line); "
            f"nothing was published to {outdir}. Fix the files named and run the build again.",
            file=sys.stderr,
        )
        return 1
    publish.publish(workdir / "sphinx", outdir, [lang.code for lang in chosen])
    print(f"built {', '.join(lang.code for lang in chosen)} into {outdir}")
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


def serve(codes: list[str] | None) -> int:
    (lang,) = selected(codes or [languages.source().code])[:1]
    command = [
        sys.executable, "-m", "sphinx_autobuild", "--host", "127.0.0.1", "--port", "8000",
        "--watch", str(LOCALES), "--watch", str(ROOT / "src" / "helpcenter"),
        *sphinx_command("html", lang.code, BUILD / "serve" / lang.code, BUILD / "doctrees" / f"serve-{lang.code}")[3:],
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcenter", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in [("build", "build the HTML site"), ("update-po", "refresh the catalogs"), ("serve", "live preview")]:
        command = sub.add_parser(name, help=text)
        command.add_argument("--lang", action="append", help="a language code (repeatable); all by default")
    sub.choices["build"].add_argument("--out", type=Path, default=BUILD / "html", help="where the site is published")
    sub.choices["build"].add_argument("--work", type=Path, default=BUILD, help="where doctrees and work files go")
    sub.add_parser("gettext", help="extract messages into _build/gettext")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return build(args.lang, args.work, args.out)
        if args.command == "gettext":
            return gettext()
        if args.command == "update-po":
            return update_po(args.lang)
        return serve(args.lang)
    except (languages.LanguageError, catalogs.CatalogError, channels.ChannelDataError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
