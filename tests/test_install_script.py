"""The archive's layout and install script: a user install in a prefix, a valid menu entry, a clean removal."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.mugui.mugui"


@pytest.fixture
def staged(tmp_path) -> Path:
    """The archive's folder, staged around a stand-in for the PyInstaller bundle."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "mugui").write_text('#!/bin/sh\necho stand-in mugui "$@"\n')
    (bundle / "mugui").chmod(0o755)
    stage = tmp_path / "mugui-0.1.0-linux-x86_64"
    subprocess.run([ROOT / "packaging" / "stage.sh", bundle, stage], check=True)
    return stage


def install(stage: Path, prefix: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [stage / "install.sh", "--prefix", prefix, *extra], capture_output=True, text=True
    )


def test_install_puts_the_app_command_menu_entry_and_icons_in_the_prefix(staged, tmp_path):
    prefix = tmp_path / "home dir" / ".local"
    result = install(staged, prefix)
    assert result.returncode == 0, result.stderr
    ran = subprocess.run([prefix / "bin" / "mugui", "--self-test"], capture_output=True, text=True)
    assert ran.stdout == "stand-in mugui --self-test\n"
    entry = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{prefix}/lib/mugui/mugui"' in entry.splitlines()
    assert f"Icon={APP_ID}" in entry.splitlines()
    for size in (16, 48, 256):
        assert (prefix / f"share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (prefix / f"share/icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    assert (prefix / f"share/metainfo/{APP_ID}.metainfo.xml").is_file()
    assert install(staged, prefix).returncode == 0  # installing again replaces the old install


def test_uninstall_removes_every_installed_file(staged, tmp_path):
    prefix = tmp_path / "prefix"
    install(staged, prefix)
    (prefix / "share" / "icons" / "someone-else.png").write_bytes(b"not ours")
    result = install(staged, prefix, "--uninstall")
    assert result.returncode == 0, result.stderr
    left = sorted(
        str(p.relative_to(prefix))
        for p in prefix.rglob("*")
        if p.is_file() and p.name != "mimeinfo.cache"  # the desktop's own menu cache
    )
    assert left == ["share/icons/someone-else.png"]


def test_a_prefix_with_letters_beyond_ascii_is_accepted(staged, tmp_path):
    """/home/josé was refused as a prefix the menu entry could not quote (found by the suite run
    with TMPDIR in a folder named with an é)."""
    prefix = tmp_path / "josé" / ".local"
    result = install(staged, prefix)
    assert result.returncode == 0, result.stderr
    entry = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text("utf-8")
    assert f'Exec="{prefix}/lib/mugui/mugui"' in entry.splitlines()


def test_a_prefix_the_menu_entry_cannot_quote_is_refused(staged, tmp_path):
    result = install(staged, tmp_path / 'quo"te')
    assert result.returncode == 2
    assert "choose a prefix" in result.stderr


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils missing")
def test_the_installed_menu_entry_is_valid(staged, tmp_path):
    install(staged, tmp_path / "prefix")
    for entry in (
        ROOT / "packaging" / f"{APP_ID}.desktop",
        tmp_path / "prefix" / "share" / "applications" / f"{APP_ID}.desktop",
    ):
        result = subprocess.run(["desktop-file-validate", entry], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream missing")
def test_the_appstream_metainfo_is_valid():
    metainfo = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", metainfo], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
