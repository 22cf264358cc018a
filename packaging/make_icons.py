"""Render the application icon's PNG sizes, .ico and .icns from its SVG.

    python packaging/make_icons.py [SVG] [OUT_DIR]

Defaults: ``resources/icons/duizhao.svg`` into ``resources/icons/``.  Writes
``duizhao-<N>.png`` for every size in :data:`PNG_SIZES` (the hicolor theme
sizes), ``duizhao.ico`` (Windows; PNG-compressed entries) and
``duizhao.icns`` (macOS; PNG entries).  Uses QtSvg from PySide6 so no extra
tool is needed; the outputs are committed and regenerated only when the SVG
changes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Sizes installed into ``share/icons/hicolor/<N>x<N>/apps``.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Sizes packed into the Windows .ico (256 is the largest the format allows).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: macOS .icns entry types holding PNG data, by pixel size.
ICNS_TYPES = ((16, b"icp4"), (32, b"icp5"), (64, b"icp6"), (128, b"ic07"), (256, b"ic08"), (512, b"ic09"),
              (1024, b"ic10"))


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered to a ``size``×``size`` PNG (antialiased, transparent)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .ico file whose entries are PNG images (understood since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .icns file made of PNG entries."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for size, kind in ICNS_TYPES if size in pngs)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    svg = Path(argv[0]) if argv else ROOT / "resources" / "icons" / "duizhao.svg"
    out = Path(argv[1]) if len(argv) > 1 else svg.parent
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make_icons"])  # noqa: F841 - QPainter needs it
    wanted = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for size, _kind in ICNS_TYPES})
    pngs = {size: render_png(svg, size) for size in wanted}
    for size in PNG_SIZES:
        (out / f"duizhao-{size}.png").write_bytes(pngs[size])
    (out / "duizhao.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (out / "duizhao.icns").write_bytes(icns_bytes(pngs))
    print(f"make_icons: wrote {len(PNG_SIZES)} PNGs, duizhao.ico and duizhao.icns into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
