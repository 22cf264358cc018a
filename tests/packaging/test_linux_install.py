"""``packaging/linux/install.sh`` into a throw-away home, with a fake program folder.

The fake bundle's ``duizhao`` is a shell script that records its arguments,
so the whole desktop path (desktop file → xdg-mime → xdg-open → program) is
exercised in well under a second without building the real bundle.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "packaging" / "linux" / "install.sh"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
HTML_TYPES = ("text/html", "application/xhtml+xml", "multipart/related", "application/x-mimearchive")


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def bundle(tmp_path) -> Path:
    """A stand-in for dist/duizhao/: a program that writes its arguments to $DUIZHAO_TEST_ARGS."""
    folder = tmp_path / "dist" / "duizhao"
    (folder / "_internal").mkdir(parents=True)
    shutil.copytree(ROOT / "resources", folder / "_internal" / "resources")
    program = folder / "duizhao"
    program.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$DUIZHAO_TEST_ARGS"\n')
    program.chmod(0o755)
    return folder


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DESKTOP_", "KDE_", "GNOME_"))}
    env.update(HOME=str(home), PATH=os.environ.get("PATH", "/usr/bin:/bin"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(name, None)
    return env


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["sh", str(INSTALL), *args], env=env_for(home), capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its content (None for folders)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def test_install_puts_program_launcher_desktop_file_and_icons_in_place(home, bundle, desktop_entry):
    run(home, "--bundle", str(bundle))
    local = home / ".local"
    assert (local / "lib" / "duizhao" / "duizhao").stat().st_mode & 0o111
    assert os.access(local / "bin" / "duizhao", os.X_OK)
    for size in ICON_SIZES:
        assert (local / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "duizhao.png").is_file()
    assert (local / "share" / "icons" / "hicolor" / "scalable" / "apps" / "duizhao.svg").is_file()
    entry = desktop_entry(local / "share" / "applications" / "duizhao.desktop")["Desktop Entry"]
    program = str(local / "lib" / "duizhao" / "duizhao")
    # absolute, because ~/.local/bin is not on every desktop session's PATH
    assert entry["Exec"] == f"{program} %F"
    assert entry["TryExec"] == program


def test_launcher_passes_arguments_through(home, bundle, tmp_path):
    run(home, "--bundle", str(bundle))
    record = tmp_path / "args.txt"
    env = env_for(home) | {"DUIZHAO_TEST_ARGS": str(record)}
    subprocess.run([str(home / ".local" / "bin" / "duizhao"), "a file.html", "--x"], env=env, check=True, timeout=30)
    assert record.read_text().splitlines() == ["a file.html", "--x"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-validate missing")
def test_installed_desktop_file_validates(home, bundle):
    run(home, "--bundle", str(bundle))
    installed = home / ".local" / "share" / "applications" / "duizhao.desktop"
    result = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(shutil.which("update-desktop-database") is None, reason="update-desktop-database missing")
def test_open_with_is_registered_in_the_mime_cache(home, bundle):
    run(home, "--bundle", str(bundle))
    cache = (home / ".local" / "share" / "applications" / "mimeinfo.cache").read_text()
    for mime_type in (*HTML_TYPES, "text/plain"):
        assert f"{mime_type}=duizhao.desktop;" in cache


def test_default_is_not_taken_unless_asked(home, bundle):
    run(home, "--bundle", str(bundle))
    assert not (home / ".config" / "mimeapps.list").exists()


@pytest.mark.skipif(shutil.which("xdg-mime") is None, reason="xdg-utils missing")
def test_default_makes_xdg_mime_answer_duizhao(home, bundle):
    run(home, "--bundle", str(bundle), "--default")
    for mime_type in HTML_TYPES:
        answer = subprocess.run(["xdg-mime", "query", "default", mime_type], env=env_for(home),
                                capture_output=True, text=True, timeout=30)
        assert answer.stdout.strip() == "duizhao.desktop", mime_type


@pytest.mark.skipif(shutil.which("xdg-open") is None or shutil.which("file") is None,
                    reason="xdg-utils or file missing")
def test_xdg_open_of_an_html_file_starts_the_installed_program(home, bundle, tmp_path):
    run(home, "--bundle", str(bundle), "--default")
    page = tmp_path / "saved page.html"
    shutil.copy(ROOT / "tests" / "fixtures" / "seed" / "qiantang-zh.html", page)
    record = tmp_path / "args.txt"
    # xdg-open only hands files to desktop programs when it sees a display (it is not contacted)
    env = env_for(home) | {"DUIZHAO_TEST_ARGS": str(record), "WAYLAND_DISPLAY": "duizhao-test"}
    subprocess.run(["xdg-open", str(page)], env=env, check=True, timeout=60, capture_output=True,
                   stdin=subprocess.DEVNULL)
    assert record.read_text().splitlines() == [str(page)]


def xdg_utils_version() -> tuple[int, ...] | None:
    """The installed xdg-utils version from ``xdg-open --version`` (``xdg-open 1.1.3``), or None."""
    try:
        answer = subprocess.run(["xdg-open", "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    match = re.search(r"(\d+(?:\.\d+)+)", answer)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


#: xdg-utils before 1.2 word-splits ``$HOME``/``$XDG_DATA_HOME`` when it looks for desktop files and
#: the Exec line when it runs one, so no desktop file under a home with spaces can be opened by it.
XDG_SPLITS_AT_SPACES = (1, 2)


def exec_argv(exec_line: str, files: list[str]) -> list[str]:
    """A desktop file's Exec value as the program's argv, by the desktop entry rules.

    Arguments are separated by spaces; a quoted argument may hold spaces and
    ``& |``; ``%F`` stands for the files (the install script refuses the
    characters that need backslashes, so shlex's double-quote rules are the spec's).
    """
    argv: list[str] = []
    for word in shlex.split(exec_line):
        argv.extend(files if word == "%F" else [word])
    return argv


def install_in_a_home_with_shell_characters(tmp_path, bundle) -> tuple[Path, Path]:
    home = tmp_path / "Jane Doe & Co|x"
    home.mkdir()
    run(home, "--bundle", str(bundle), "--default")
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>你好</p></body></html>", encoding="utf-8")
    return home, page


def test_a_home_with_spaces_and_shell_characters_gets_a_working_desktop_entry(tmp_path, bundle, desktop_entry):
    """What any xdg-utils version relies on: a valid entry whose Exec runs the program, the default set."""
    home, page = install_in_a_home_with_shell_characters(tmp_path, bundle)
    applications = home / ".local" / "share" / "applications"
    installed = applications / "duizhao.desktop"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    entry = desktop_entry(installed)
    program = str(home / ".local" / "lib" / "duizhao" / "duizhao")
    argv = exec_argv(entry["Desktop Entry"]["Exec"], [str(page)])
    assert argv == [program, str(page)]
    assert exec_argv(entry["Desktop Action sample"]["Exec"], []) == [program, "--sample"]
    record = tmp_path / "args.txt"
    subprocess.run(argv, env=env_for(home) | {"DUIZHAO_TEST_ARGS": str(record)}, check=True, timeout=30)
    assert record.read_text().splitlines() == [str(page)]
    defaults = desktop_entry(home / ".config" / "mimeapps.list")["Default Applications"]
    assert {mime_type: defaults.get(mime_type) for mime_type in HTML_TYPES} == dict.fromkeys(
        HTML_TYPES, "duizhao.desktop")
    if shutil.which("update-desktop-database"):
        assert "text/html=duizhao.desktop;" in (applications / "mimeinfo.cache").read_text()


@pytest.mark.skipif(shutil.which("xdg-open") is None or shutil.which("file") is None,
                    reason="xdg-utils or file missing")
def test_a_home_with_spaces_and_shell_characters_still_opens_files(tmp_path, bundle):
    version = xdg_utils_version()
    if version is not None and version < XDG_SPLITS_AT_SPACES:
        pytest.skip(f"xdg-utils {'.'.join(map(str, version))} splits $HOME at spaces (fixed in 1.2), so no "
                    "program installed in such a home can be opened by its xdg-open; the desktop entry, its "
                    "Exec quoting and the defaults are checked by the test above")
    home, page = install_in_a_home_with_shell_characters(tmp_path, bundle)
    record = tmp_path / "args.txt"
    env = env_for(home) | {"DUIZHAO_TEST_ARGS": str(record), "WAYLAND_DISPLAY": "duizhao-test"}
    subprocess.run(["xdg-open", str(page)], env=env, check=True, timeout=60, capture_output=True,
                   stdin=subprocess.DEVNULL)
    assert record.read_text().splitlines() == [str(page)]


@pytest.mark.parametrize("prefix", ["/tmp/a$b", "/tmp/a\\b", '/tmp/a"b', "/tmp/100%"])
def test_prefixes_a_desktop_file_cannot_name_are_refused(home, bundle, prefix):
    result = run(home, "--bundle", str(bundle), "--prefix", prefix, check=False)
    assert result.returncode == 2 and "must not contain" in result.stderr
    assert not Path(prefix).exists()


@pytest.mark.parametrize("default", [False, True], ids=["plain", "with-default"])
def test_uninstall_restores_the_home_exactly(home, bundle, default):
    before = tree(home)
    run(home, "--bundle", str(bundle), *(["--default"] if default and shutil.which("xdg-mime") else []))
    assert tree(home) != before
    result = run(home, "--uninstall")
    assert "removed" in result.stdout
    assert tree(home) == before


@pytest.mark.skipif(shutil.which("xdg-mime") is None, reason="xdg-utils missing")
def test_uninstall_keeps_other_programs_associations(home, bundle):
    mimeapps = home / ".config" / "mimeapps.list"
    mimeapps.parent.mkdir()
    mimeapps.write_text("[Default Applications]\ntext/html=firefox.desktop\nimage/png=eog.desktop\n"
                        "[Added Associations]\ntext/html=firefox.desktop;\n")
    run(home, "--bundle", str(bundle), "--default")
    assert "text/html=duizhao.desktop" in mimeapps.read_text()
    run(home, "--uninstall")
    text = mimeapps.read_text()
    assert "duizhao" not in text
    assert "image/png=eog.desktop" in text
    assert "text/html=firefox.desktop;" in text


def test_uninstall_keeps_the_users_database_and_cache(home, bundle):
    data = home / ".local" / "share" / "duizhao" / "duizhao.sqlite3"
    cache = home / ".cache" / "duizhao" / "cedict.marshal"
    for path in (data, cache):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"keep me")
    run(home, "--bundle", str(bundle))
    run(home, "--uninstall")
    assert data.read_bytes() == b"keep me" and cache.read_bytes() == b"keep me"
    assert not (home / ".local" / "lib").exists()
    assert not (home / ".local" / "bin").exists()


def test_reinstall_replaces_the_previous_copy(home, bundle):
    run(home, "--bundle", str(bundle))
    (bundle / "_internal" / "new-file").write_text("v2")
    stale = home / ".local" / "lib" / "duizhao" / "_internal" / "stale"
    stale.write_text("v1 only")
    run(home, "--bundle", str(bundle))
    assert (home / ".local" / "lib" / "duizhao" / "_internal" / "new-file").read_text() == "v2"
    assert not stale.exists()


def test_custom_prefix(home, bundle, tmp_path):
    prefix = tmp_path / "opt"
    run(home, "--bundle", str(bundle), "--prefix", str(prefix))
    assert (prefix / "lib" / "duizhao" / "duizhao").is_file()
    assert not (home / ".local").exists()
    run(home, "--uninstall", "--prefix", str(prefix))
    assert not prefix.exists()


@pytest.mark.parametrize("args, message", [
    (["--bogus"], "unknown option"),
    (["--prefix"], "--prefix needs a folder"),
    (["--bundle", "/nonexistent/dist/duizhao"], "make bundle"),
])
def test_bad_invocations_fail_with_one_line(home, args, message):
    result = run(home, *args, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (home / ".local").exists()


def test_refuses_to_overwrite_a_folder_it_did_not_make(home, bundle):
    foreign = home / ".local" / "lib" / "duizhao"
    foreign.mkdir(parents=True)
    (foreign / "precious").write_text("x")
    result = run(home, "--bundle", str(bundle), check=False)
    assert result.returncode == 2
    assert (foreign / "precious").read_text() == "x"


def test_uninstall_without_install_is_harmless(home):
    result = run(home, "--uninstall")
    assert "not installed" in result.stdout
    assert tree(home) == {}


def test_help_describes_the_options(home):
    result = run(home, "--help")
    for option in ("--prefix", "--bundle", "--default", "--uninstall"):
        assert option in result.stdout
