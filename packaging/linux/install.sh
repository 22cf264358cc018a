#!/bin/sh
# Install the built Duizhao program for the current user, or remove it again.
#
#   sh packaging/linux/install.sh [--prefix DIR] [--bundle DIR] [--default]
#   sh packaging/linux/install.sh --uninstall [--prefix DIR]
#
# Installs (PREFIX defaults to ~/.local):
#   PREFIX/lib/duizhao/                      the program folder (a copy of dist/duizhao/)
#   PREFIX/bin/duizhao                       a launcher for the terminal
#   PREFIX/share/applications/duizhao.desktop  "Open with" for HTML, MHTML and text files
#   PREFIX/share/icons/hicolor/*/apps/duizhao.{png,svg}
# then refreshes the desktop and icon caches when their tools are present.
# --default also makes Duizhao the default program for .html/.xhtml/.mhtml
# files (xdg-mime); otherwise it is only offered under "Open with".
#
# Every file installed is listed in PREFIX/lib/duizhao/install-manifest.txt;
# --uninstall removes exactly those (and the default-program entries it set)
# and leaves your database and cache alone.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PREFIX="${HOME}/.local"
BUNDLE="$ROOT/dist/duizhao"
ACTION=install
DEFAULT=no
DEFAULT_TYPES="text/html application/xhtml+xml multipart/related application/x-mimearchive"
ICON_SIZES="16 22 24 32 48 64 128 256 512"

usage() {
    sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//'
}

die() { echo "install.sh: error: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) ACTION=uninstall ;;
        --default) DEFAULT=yes ;;
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; PREFIX=$2; shift ;;
        --prefix=*) PREFIX=${1#--prefix=} ;;
        --bundle) [ $# -ge 2 ] || die "--bundle needs a folder"; BUNDLE=$2; shift ;;
        --bundle=*) BUNDLE=${1#--bundle=} ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option: $1 (see --help)" ;;
    esac
    shift
done
[ -n "$PREFIX" ] || die "empty --prefix"
case "$PREFIX" in /*) ;; *) PREFIX="$(pwd)/$PREFIX" ;; esac
PREFIX=${PREFIX%/}
case "$PREFIX" in
    *[\\\"\`\$%]*) die "the install folder must not contain \\ \" \` \$ or % (desktop files cannot quote them simply): use --prefix" ;;
esac

APPDIR="$PREFIX/lib/duizhao"
MANIFEST="$APPDIR/install-manifest.txt"
APPLICATIONS="$PREFIX/share/applications"
ICONS="$PREFIX/share/icons/hicolor"
MIMEAPPS="${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$APPLICATIONS" ]; then
        update-desktop-database -q "$APPLICATIONS" || true
    fi
    # Only refresh an icon cache that exists: a stale one would hide our icon,
    # a missing one is simply not used.
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/icon-theme.cache" ]; then
        gtk-update-icon-cache -q -t -f "$ICONS" 2>/dev/null || true
    fi
}

# Remove the empty folders from $1 upwards, stopping below $2.
prune() {
    dir=$1
    while [ "$dir" != "$2" ] && [ "${dir#"$2"/}" != "$dir" ]; do
        rmdir "$dir" 2>/dev/null || break
        dir=$(dirname "$dir")
    done
}

# Remove duizhao.desktop from every association in mimeapps.list (what
# `xdg-mime default` wrote), dropping entries that become empty.
forget_defaults() {
    [ -f "$MIMEAPPS" ] || return 0
    tmp="$MIMEAPPS.duizhao-tmp"
    sed -e '/^[^=[]*=/s/duizhao\.desktop;\{0,1\}//g' -e '/^[^=[]*=$/d' "$MIMEAPPS" >"$tmp" && mv "$tmp" "$MIMEAPPS"
}

uninstall() {
    if [ ! -f "$MANIFEST" ]; then
        echo "install.sh: Duizhao is not installed under $PREFIX (no $MANIFEST)"
        return 0
    fi
    while IFS= read -r line; do
        case "$line" in
            file:*) rm -f "${line#file:}"; prune "$(dirname "${line#file:}")" "$PREFIX" ;;
            mime-default) forget_defaults ;;
            created-file:*) grep -q '=' "${line#created-file:}" 2>/dev/null || rm -f "${line#created-file:}" ;;
            created-dir:*) rmdir "${line#created-dir:}" 2>/dev/null || true ;;
            created-prefix) created_prefix=yes ;;
        esac
    done <"$MANIFEST"
    rm -rf "$APPDIR"
    prune "$PREFIX/lib" "$PREFIX"
    refresh_caches
    # A desktop-file cache describing no programs is all that would be left.
    if [ "$(ls -A "$APPLICATIONS" 2>/dev/null)" = "mimeinfo.cache" ]; then
        rm -f "$APPLICATIONS/mimeinfo.cache"
        prune "$APPLICATIONS" "$PREFIX"
    fi
    [ "${created_prefix:-no}" = no ] || rmdir "$PREFIX" 2>/dev/null || true
    echo "install.sh: removed Duizhao from $PREFIX (your database and cache are kept; see README: Where data lives)"
}

install() {
    [ -x "$BUNDLE/duizhao" ] || die "no built program in $BUNDLE: build it first with 'make bundle'"
    icons="$BUNDLE/_internal/resources/icons"
    [ -d "$icons" ] || icons="$ROOT/resources/icons"
    desktop="$HERE/duizhao.desktop"
    [ -f "$desktop" ] || die "missing $desktop"

    if [ -f "$MANIFEST" ]; then
        uninstall >/dev/null  # replace an earlier install cleanly
    elif [ -e "$APPDIR" ]; then
        die "$APPDIR exists and was not made by this script; remove it first"
    fi
    [ -d "$PREFIX" ] && new_prefix=no || new_prefix=yes
    mkdir -p "$APPDIR" "$PREFIX/bin" "$APPLICATIONS"
    cp -R "$BUNDLE/." "$APPDIR/"
    : >"$MANIFEST"
    [ "$new_prefix" = no ] || echo "created-prefix" >>"$MANIFEST"

    launcher="$PREFIX/bin/duizhao"
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$APPDIR/duizhao" >"$launcher"
    chmod 755 "$launcher"
    echo "file:$launcher" >>"$MANIFEST"

    # Absolute paths: ~/.local/bin is not on every desktop session's PATH.
    # Exec quotes a path with spaces (desktop entry rules); sed needs & and | escaped.
    program="$APPDIR/duizhao"
    case "$program" in *[!A-Za-z0-9/._+-]*) exec_program="\"$program\"" ;; *) exec_program=$program ;; esac
    sed_escape() { printf '%s' "$1" | sed -e 's/[&|]/\\&/g'; }
    sed -e "s|^Exec=duizhao|Exec=$(sed_escape "$exec_program")|" \
        -e "s|^TryExec=duizhao|TryExec=$(sed_escape "$program")|" \
        "$desktop" >"$APPLICATIONS/duizhao.desktop"
    chmod 644 "$APPLICATIONS/duizhao.desktop"
    echo "file:$APPLICATIONS/duizhao.desktop" >>"$MANIFEST"

    for size in $ICON_SIZES; do
        [ -f "$icons/duizhao-$size.png" ] || continue
        mkdir -p "$ICONS/${size}x${size}/apps"
        cp "$icons/duizhao-$size.png" "$ICONS/${size}x${size}/apps/duizhao.png"
        echo "file:$ICONS/${size}x${size}/apps/duizhao.png" >>"$MANIFEST"
    done
    if [ -f "$icons/duizhao.svg" ]; then
        mkdir -p "$ICONS/scalable/apps"
        cp "$icons/duizhao.svg" "$ICONS/scalable/apps/duizhao.svg"
        echo "file:$ICONS/scalable/apps/duizhao.svg" >>"$MANIFEST"
    fi
    refresh_caches

    if [ "$DEFAULT" = yes ]; then
        command -v xdg-mime >/dev/null 2>&1 || die "--default needs xdg-mime (Debian: apt install xdg-utils)"
        # Uninstall replays these lines in order: forget, then remove what was new.
        echo "mime-default" >>"$MANIFEST"
        [ -f "$MIMEAPPS" ] || echo "created-file:$MIMEAPPS" >>"$MANIFEST"
        [ -d "$(dirname "$MIMEAPPS")" ] || echo "created-dir:$(dirname "$MIMEAPPS")" >>"$MANIFEST"
        # shellcheck disable=SC2086 # the type list is meant to split
        xdg-mime default duizhao.desktop $DEFAULT_TYPES
    fi
    echo "install.sh: installed Duizhao into $APPDIR"
    echo "  open a saved page with: right click → Open With → Duizhao, or: $launcher FILE"
    case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "  ($PREFIX/bin is not on your PATH)" ;; esac
}

"$ACTION"
