"""Probes of issue 22: errors a maintainer can act on, one line with the file and line, no traceback.

The fast tests check each message where it is made; the slow one plants each
fault in a copy of the repository, runs the build command as ``make html``
does, and checks the message, that no traceback is printed and that the
published folder is byte for byte as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from helpcenter.checks import text_files
from helpcenter.errors import disk_error
from helpcenter.pipeline.build import _disk_failure
from helpcenter.testing import assert_build_refused, build_command, run_build, snapshot


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "faq").mkdir(parents=True)
    (tmp_path / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nFine.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("docs/faq/refunds.md", "# Refunds\n\nCaf\u00e9 ok.\nBad \xe9 here.\n".encode("latin-1"),
         r"docs/faq/refunds\.md:3: byte 0xe9 \(column 4\) is not UTF-8 text; save the file as UTF-8"),
        ("docs/faq/page.rst", b"Title\n=====\n\n\xff\xfe binary", r"docs/faq/page\.rst:4: byte 0xff \(column 1\) is not UTF-8 text"),
        ("locales/fr/LC_MESSAGES/index.po", b'msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr "\x00\x01"\n',
         r"locales/fr/LC_MESSAGES/index\.po:5: a NUL byte: this is not a text file"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_utf8_text_is_named_by_its_line(checkout: Path, name: str, data: bytes, message: str) -> None:
    (checkout / name).write_bytes(data)
    with pytest.raises(text_files.TextFileError, match=f"^{message}"):
        text_files.check_checkout(checkout)


def test_a_decomposed_file_name_is_named_with_the_name_to_give_it(checkout: Path) -> None:
    name = unicodedata.normalize("NFD", "télécharger.md")
    (checkout / "docs" / name).write_text("# T\n", encoding="utf-8")
    with pytest.raises(text_files.TextFileError) as raised:
        text_files.check_checkout(checkout)
    assert str(raised.value).startswith(f"docs/{name}: the file name has decomposed accents (Unicode NFD")
    assert "rename it" in str(raised.value) and repr("télécharger.md") in str(raised.value)


def test_utf8_files_with_nfc_names_pass(checkout: Path) -> None:
    (checkout / "docs" / "télécharger.md").write_text("# Télécharger « ici »\n", encoding="utf-8")
    text_files.check_checkout(checkout)


@pytest.mark.parametrize(
    ("code", "remedy"),
    [(errno.ENOSPC, "free some disk space"), (errno.EROFS, "the file system is read-only"), (errno.EPERM, "chattr -i"), (errno.EACCES, "writable")],
)
def test_a_refused_write_is_one_line_with_the_file_and_what_to_do(code: int, remedy: str) -> None:
    message = disk_error(OSError(code, os.strerror(code), "/site/html/index.html"))
    assert message is not None and "\n" not in message
    assert message.startswith(f"cannot write /site/html/index.html: {os.strerror(code)}; ") and remedy in message
    assert message.endswith("The published site is as it was.")
    assert disk_error(OSError(errno.ENOENT, "No such file")) is None


def test_sphinx_dump_of_a_full_disk_becomes_that_one_line() -> None:
    dump = (
        "Exception occurred:\n  File \"/x/sphinx/builders/html.py\", line 1, in handle_page\n"
        "OSError: [Errno 28] No space left on device: '/w/sphinx/en/faq.html'\nThe full traceback has been saved in /tmp/x.log"
    )
    failure = _disk_failure(dump)
    assert failure is not None and (failure.errno, failure.filename) == (errno.ENOSPC, "/w/sphinx/en/faq.html")
    assert _disk_failure("index.md:3: WARNING: a link to evil.example is not published") is None


def _restore(repo: Path, original: Path, relative: str) -> None:
    target = repo / relative
    if target.is_dir():
        shutil.rmtree(target)
    shutil.copytree(original / relative, target)


@pytest.mark.slow
def test_planted_faults_stop_the_build_with_one_line_and_leave_the_site_as_it_was(built_copy_en: tuple[Path, Path], tmp_path: Path) -> None:
    repo_copy, work = built_copy_en
    before = snapshot(work / "html")
    pristine = tmp_path / "pristine"
    shutil.copytree(repo_copy / "docs", pristine / "docs")

    # A page saved in Latin-1.
    page = repo_copy / "docs" / "about.md"
    page.write_bytes(page.read_bytes() + "\nCaf\u00e9.\n".encode("latin-1"))
    lines = page.read_bytes().count(b"\n")
    assert_build_refused(run_build(work, "--lang", "en", root=repo_copy), rf"error: docs/about\.md:{lines}: byte 0xe9 \(column 4\) is not UTF-8 text", work, before)
    _restore(repo_copy, pristine, "docs")

    # A page whose name has decomposed accents.
    shutil.copy(pristine / "docs" / "about.md", repo_copy / "docs" / unicodedata.normalize("NFD", "à-propos.md"))
    assert_build_refused(run_build(work, "--lang", "en", root=repo_copy), r"error: docs/.*\.md: the file name has decomposed accents", work, before)
    _restore(repo_copy, pristine, "docs")

    # A page that includes a file from outside the repository, through a symbolic link.
    (repo_copy / "docs" / "leak.txt").symlink_to("/proc/self/environ")
    page.write_text(page.read_text(encoding="utf-8") + "\n```{include} leak.txt\n```\n", encoding="utf-8")
    refused = run_build(work, "--lang", "en", root=repo_copy)
    assert_build_refused(refused, r"docs/about\.md:\d+: WARNING: include of 'leak\.txt' is refused: it resolves outside the repository", work, before)
    assert "HELPCENTER_BASE_URL=" not in refused.stdout + refused.stderr
    _restore(repo_copy, pristine, "docs")

    # The published folder cannot take a new release (immutable, which binds root too).
    (repo_copy / "docs" / "about.md").write_text(page.read_text(encoding="utf-8").replace("# About", "# About this guide", 1), encoding="utf-8")
    releases = work / ".html.releases"
    # Root ignores mode bits: as root the folder is made immutable; anyone else, read-only.
    lock, unlock = (["chattr", "+i", str(releases)], ["chattr", "-i", str(releases)]) if os.geteuid() == 0 else (["chmod", "a-w", str(releases)], ["chmod", "u+w", str(releases)])
    subprocess.run(lock, check=True)
    try:
        locked = run_build(work, "--lang", "en", root=repo_copy)
    finally:
        subprocess.run(unlock, check=True)
    assert_build_refused(locked, r"(?m)^error: cannot write .*: (Operation not permitted|Permission denied); make the folder writable", work, before)

    # Ctrl-C while Sphinx writes the pages (the terminal sends SIGINT to the whole group).
    command, env = build_command(work, "--lang", "en")
    running = subprocess.Popen(
        command, cwd=repo_copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=_as_a_terminal_starts_it,
    )  # fmt: skip
    sphinx = _wait_for_sphinx(running.pid)
    dispositions = {pid: _signal_state(pid) for pid in (running.pid, sphinx)}
    os.killpg(running.pid, signal.SIGINT)
    out, err = running.communicate(timeout=120)
    interrupted = subprocess.CompletedProcess(command, running.returncode, out, err + f"\n(signal state when sent: {dispositions})")
    assert_build_refused(interrupted, r"(?m)^error: interrupted \(Ctrl-C\): nothing new was published, the site is as it was", work, before)
    assert running.returncode == 130


def _as_a_terminal_starts_it() -> None:
    """In the build's process: Ctrl-C neither ignored nor blocked, whatever the test runner's state."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _signal_state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "gone"
    return " ".join(line.replace("\t", "") for line in status.splitlines() if line.startswith(("SigBlk", "SigIgn", "SigCgt")))


def _wait_for_sphinx(group: int) -> int:
    """Until a Sphinx process of the build's process group runs (a fixed sleep let a fast
    machine finish the build before the signal); its process id."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == group and b"sphinx_process" in (stat.parent / "cmdline").read_bytes():
                    time.sleep(0.3)  # past its start-up: reading and writing pages
                    return int(stat.parent.name)
            except (OSError, IndexError, ValueError):
                continue
        time.sleep(0.02)
    pytest.fail("no Sphinx process started within 60 s")


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 64 MB file system of its own (tmpfs; root may mount one), to fill up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_stops_the_build_with_one_line_and_leaves_the_site_as_it_was(repo_copy: Path, small_disk: Path) -> None:
    work = small_disk / "w"
    first = run_build(work, "--lang", "en", root=repo_copy)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(work / "html")
    # Every page changes (the footer's text), then the disk is filled to the last byte.
    template = repo_copy / "docs" / "_templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8").replace("About this guide", "About this help center"), encoding="utf-8")
    with (small_disk / "filler").open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    try:
        full = run_build(work, "--lang", "en", root=repo_copy)
    finally:
        (small_disk / "filler").unlink()
    assert_build_refused(full, r"(?m)^error: cannot write .*: No space left on device; free some disk space", work, before)


def test_a_symbolic_link_is_never_read_through(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "binary"
    outside.write_bytes(b"\0\xff")
    (checkout / "docs" / "leak.txt").symlink_to(outside)
    text_files.check_checkout(checkout)


def test_a_theme_error_for_a_full_disk_becomes_the_one_line_too() -> None:
    dump = "sphinx.errors.ThemeError: An error happened in rendering the page about.\nReason: OSError(28, 'No space left on device')\n"
    failure = _disk_failure(dump, Path("/w/sphinx/en"))
    assert failure is not None and (failure.errno, failure.strerror, failure.filename) == (errno.ENOSPC, "No space left on device", "/w/sphinx/en")
