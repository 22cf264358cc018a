#!/bin/sh
# Install the Debian packages Duizhao needs when they are missing: Qt's
# runtime libraries and CJK fonts; eSpeak NG to read Chinese aloud (its cmn voice)
# and to put audio on Anki cards; desktop-file-utils and xdg-utils for the
# desktop integration; file, binutils and xvfb for the tests, the bundle
# build (PyInstaller runs objdump) and the screenshots; strace for the test
# that records every file a window over a hostile page opens.  Needs root or sudo; on
# other systems it only says what to install.
set -e
PKGS="python3-venv libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libdbus-1-3 libglib2.0-0 fonts-noto-cjk fonts-wqy-microhei espeak-ng desktop-file-utils xdg-utils file binutils xvfb strace"
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install Qt 6 runtime libraries and a CJK font yourself"; exit 0; }
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: please install as root:$missing"; exit 1; fi
echo "system-deps: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
