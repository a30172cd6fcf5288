"""Building every language and publishing the site: what ``make html`` runs.

Each language is built by its own Sphinx process (``sphinx_process``), side
by side; the inputs are checked meanwhile, so a broken catalog or data file
is reported by its file and line; once every language has built, the site is
published in one step (``publish``). One build at a time per checkout, and a
build that did not finish leaves nothing behind that the next one trusts
(``workspace``).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from .. import catalogs, languages, settings
from ..errors import DISK_REMEDIES, InputError
from ..files import write_if_changed
from ..project import Project, current
from . import freshness, workspace


def selected(codes: list[str] | None) -> list[languages.Language]:
    if not codes:
        return languages.load()
    return [languages.get(code) for code in codes]


#: What runs Sphinx: this tuned process, or "sphinx" (plain sphinx-build, the benchmark's comparison).
SPHINX_PROCESS = "helpcenter.pipeline.sphinx_process"


def sphinx_command(builder: str, lang: str, outdir: Path, doctrees: Path, *extra: str, module: str = SPHINX_PROCESS) -> list[str]:
    return [
        sys.executable, "-m", module, "--builder", builder,
        "--fail-on-warning", "--keep-going", "--nitpicky", "--quiet",
        "--define", f"language={lang}", "--doctree-dir", str(doctrees),
        *extra, str(current().docs), str(outdir),
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


def start_language(lang: str, workdir: Path, defines: list[str], keep: list[int] = (), module: str = SPHINX_PROCESS) -> subprocess.Popen[str]:
    """Start Sphinx on one language's HTML, into workdir/sphinx/<lang>; it inherits the lock (keep)."""
    extra = [option for define in defines for option in ("--define", define)]
    command = sphinx_command("html", lang, workdir / "sphinx" / lang, workdir / "doctrees" / lang, *extra, module=module)
    return subprocess.Popen(
        command, cwd=current().root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        pass_fds=tuple(keep), preexec_fn=_die_with_parent if libc else None,
    )  # fmt: skip


def check_inputs(chosen: list[languages.Language], workdir: Path) -> None:
    """The catalogs and the channel data, checked for a clear message before Sphinx's:
    a translation that breaks the markup of its message is named by its .po line.

    A catalog that passed and has not changed since (same content digest, whatever
    its modification time) is not read again, so a rebuild reads only the catalogs edited; the
    record is kept in the work folder with a digest of the checking code and the
    channel data, and any change to those checks everything again."""
    from ..checks import catalog_integrity, text_files

    project = current()
    # Every time (a few milliseconds): a page that is not UTF-8 is named by its line, not by Sphinx's dump.
    text_files.check_checkout(project.root)
    stamp = workdir / "checked-inputs.json"
    digest = _code_digest(project)
    try:
        record = json.loads(stamp.read_text(encoding="utf-8"))
        passed = record["catalogs"] if record.get("digest") == digest else {}
    except (OSError, ValueError, KeyError):
        passed = {}
    if not passed:
        from ..sphinxext import channel_data

        channel_data.load(project.docs / channel_data.DATA_FILE)
    checked, broken = {}, []
    for lang in chosen:
        if lang == languages.source():
            continue
        for path in catalogs.catalog_files(lang.code, project.locales):
            key, now = path.as_posix(), freshness.file_digest(path)
            if passed.get(key) != now:
                catalogs.read(path)
                broken += [problem for problem in catalog_integrity.check_catalog(path, project.root)[1] if problem.kind in catalog_integrity.BLOCKING]
            checked[key] = now
    if broken:  # every catalog's problems at once
        raise catalogs.CatalogError("\n".join(map(str, broken)))
    write_if_changed(stamp, json.dumps({"digest": digest, "catalogs": checked}, indent=0, sort_keys=True))


def _code_digest(project: Project) -> str:
    """The checking code (catalogs, checks, the channel data loader) and the channel data."""
    package = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in [*sorted((project.docs / "_data").rglob("*")), *sorted(package.rglob("*.py"))]:
        if path.is_file():
            digest.update(f"{path}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


#: How Sphinx prints a failed write: "OSError: [Errno 28] No space left on device: '/path'"
#: (an exception it did not expect) or "Reason: OSError(28, 'No space left on device')" (in a theme error).
_OS_ERROR = re.compile(
    r"^\w*Error: \[Errno (\d+)\] ([^:\n]+)(?:: '([^'\n]*)')?|\b\w*Error\((\d+), '([^'\n]*)'\)", re.MULTILINE
)


def _disk_failure(output: str, folder: Path | None = None) -> OSError | None:
    """The write that a language's Sphinx could not make for want of space or permission, if
    that is why it failed (in folder, its output, when Sphinx does not name the file)."""
    for match in _OS_ERROR.finditer(output):
        code, reason, path = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (match.group(4), match.group(5), None)
        if int(code) in DISK_REMEDIES:
            return OSError(int(code), reason, path or (str(folder) if folder else None))
    return None


def build(codes: list[str] | None, workdir: Path, outdir: Path, defines: list[str] | None = None, module: str = SPHINX_PROCESS) -> int:
    """Build the languages in parallel, then publish them into outdir in one step."""
    settings.base_url()  # a bad site.toml stops here, before Sphinx prints its configuration
    chosen = selected(codes)
    outdir = outdir.absolute()
    with workspace.locked(workdir / "build.lock", outdir.with_name(f".{outdir.name}.lock")) as locks:
        fresh = [lang.code for lang in chosen if workspace.start(workdir, lang.code)]
        if fresh:
            print(f"the last {', '.join(fresh)} build did not finish: building {', '.join(fresh)} from scratch")
        project, site_wide = current(), {}
        for lang in chosen:
            changed = freshness.check_site_inputs(project, workdir, lang.code, defines or [])
            if changed and lang.code not in fresh:
                site_wide[lang.code] = changed
            freshness.check_catalogs(project, workdir, lang.code)
        if site_wide:
            changed = sorted({name for names in site_wide.values() for name in names})
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            print(f"{shown} changed since the last build: building {', '.join(site_wide)} from scratch")
        return _build_and_publish(chosen, workdir, outdir, defines or [], locks, module)


def _build_and_publish(
    chosen: list[languages.Language], workdir: Path, outdir: Path, defines: list[str], locks: list[int], module: str
) -> int:
    failed: list[str] = []
    # Sphinx starts at once, one process per language (the machine's cores
    # build them side by side); the inputs are checked meanwhile, and if they
    # are broken their message, which names the file and line, is the one shown.
    running = {lang.code: start_language(lang.code, workdir, defines, locks, module) for lang in chosen}
    try:
        check_inputs(chosen, workdir)
    except InputError:
        for process in running.values():
            process.kill()
            process.wait()
        raise
    from . import publish  # imports Sphinx's templating: after the builds have started

    # Each language is staged as soon as it has built, while the others still build;
    # nothing is served before every language has built (publication.finish).
    publication: publish.Publication | None = None
    for lang, process in running.items():
        output, _ = process.communicate()
        disk = _disk_failure(output, workdir / "sphinx" / lang) if process.returncode else None
        if disk:  # Sphinx's dump of a full or read-only disk says no more than this line
            raise disk
        if output.strip():
            print(f"--- {lang} ---\n{output.strip()}", file=sys.stderr if process.returncode else sys.stdout)
        if process.returncode:
            failed.append(lang)
        elif not failed:
            publication = publication or publish.Publication(workdir / "sphinx", outdir)
            publication.language(lang)
    if failed:
        print(
            f"error: the {', '.join(failed)} build failed (messages above, each with its file and line); "
            f"nothing was published to {outdir}. Fix the files named and run the build again.",
            file=sys.stderr,
        )
        return 1
    assert publication is not None  # every language chosen (at least one) has built
    changed = publication.finish()
    for lang in chosen:
        workspace.finish(workdir, lang.code)
    print(f"built {', '.join(lang.code for lang in chosen)} into {outdir} ({len(changed)} files changed)")
    return 0


