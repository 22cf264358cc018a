"""The application icon: the SVG source, the committed PNG/ICO/ICNS files and their generator."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_svg_is_a_square_svg_without_text():
    root = ET.parse(ICONS / "duizhao.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"
    # strokes, not a font: renders the same on machines without CJK fonts
    assert not list(root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("size", PNG_SIZES)
def test_committed_png_has_its_size(size):
    assert png_size((ICONS / f"duizhao-{size}.png").read_bytes()) == (size, size)


def test_ico_directory_points_at_pngs_of_the_stated_sizes():
    data = (ICONS / "duizhao.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = []
    for i in range(count):
        width, height, _c, _r, _p, _b, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i:22 + 16 * i])
        stated = width or 256
        assert png_size(data[offset:offset + length]) == (stated, stated)
        sizes.append(stated)
    assert {16, 32, 48, 256} <= set(sizes)


def test_icns_entries_add_up_to_the_file():
    data = (ICONS / "duizhao.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    at, kinds = 8, []
    while at < len(data):
        kind, length = data[at:at + 4], struct.unpack(">I", data[at + 4:at + 8])[0]
        assert data[at + 8:at + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        at += length
    assert at == len(data)
    assert {b"ic07", b"ic08", b"ic09"} <= set(kinds)  # 128, 256, 512


def test_make_icons_regenerates_every_file(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # a separate process: the generator makes a QGuiApplication, which must not be this test session's
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(ICONS / "duizhao.svg"),
                             str(tmp_path)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in ICONS.iterdir() if p.suffix in (".png", ".ico", ".icns"))
    assert made == committed
    for size in PNG_SIZES:
        assert png_size((tmp_path / f"duizhao-{size}.png").read_bytes()) == (size, size)


def test_make_icons_rejects_a_broken_svg(tmp_path):
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg")
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(broken), str(tmp_path)],
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "cannot read" in result.stderr
    assert not list(tmp_path.glob("*.png"))
