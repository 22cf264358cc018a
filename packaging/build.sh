#!/bin/sh
# Build the one-folder program into dist/duizhao/ with PyInstaller.
#
#   sh packaging/build.sh            (make bundle)
#
# Uses $PYTHON, else .venv/bin/python, else python3; installs the optional
# "package" extra (PyInstaller) into that environment when it is missing.
# Prints the bundle's size and its --version at the end.
set -eu
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build: installing PyInstaller (the 'package' extra)"
    "$PYTHON" -m pip install -q --disable-pip-version-check -e '.[package]'
fi
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/duizhao.spec
case "$(uname -s)" in
    Darwin) program=dist/Duizhao.app/Contents/MacOS/duizhao ;;
    MINGW*|MSYS*|CYGWIN*) program=dist/duizhao/duizhao-cli.exe ;;
    *) program=dist/duizhao/duizhao ;;
esac
echo "build: $("$program" --version) in dist/duizhao ($(du -sh dist/duizhao | cut -f1))"
