"""The Linux desktop entry: what "Open with" offers Duizhao for, and that it validates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "duizhao.desktop"


def test_main_group_declares_the_required_keys(desktop_entry):
    entry = desktop_entry(DESKTOP)["Desktop Entry"]
    assert entry["Version"] == "1.4"
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Duizhao"
    assert entry["Icon"] == "duizhao"
    assert entry["Terminal"] == "false"
    # %F: every selected file reaches the program as its own argument
    assert entry["Exec"].split() == ["duizhao", "%F"]


@pytest.mark.parametrize("mime_type", [
    "text/html", "application/xhtml+xml", "multipart/related", "application/x-mimearchive", "message/rfc822",
    "text/plain",
])
def test_offered_for_saved_pages_and_text(desktop_entry, mime_type):
    types = desktop_entry(DESKTOP)["Desktop Entry"]["MimeType"].rstrip(";").split(";")
    assert mime_type in types


def test_categories_place_it_under_education(desktop_entry):
    categories = desktop_entry(DESKTOP)["Desktop Entry"]["Categories"].rstrip(";").split(";")
    assert {"Education", "Languages"} <= set(categories)


def test_sample_action_opens_the_sample(desktop_entry):
    entry = desktop_entry(DESKTOP)
    assert entry["Desktop Entry"]["Actions"].rstrip(";").split(";") == ["sample"]
    assert entry["Desktop Action sample"]["Exec"] == "duizhao --sample"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate missing (Debian: desktop-file-utils, installed by make system-deps)")
def test_desktop_file_validate_passes():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no warnings or hints either
