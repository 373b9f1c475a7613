#!/bin/sh
# Put Copydesk in this user's application menu, from wherever this folder was unpacked:
#   ./install.sh              the menu entry, icons and software-centre data in ~/.local/share,
#                             and `copydesk` in ~/.local/bin
#   ./install.sh --uninstall  removes them again (your articles and settings stay)
# Moving the folder afterwards breaks the menu entry: run install.sh again from the new place.
set -eu

app_id=org.copydesk.Copydesk
bundle=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin

installed() {
  echo "$data/applications/$app_id.desktop"
  echo "$data/metainfo/$app_id.metainfo.xml"
  for icon in "$bundle"/share/icons/hicolor/*/apps/*; do
    echo "$data/icons/hicolor/${icon#"$bundle"/share/icons/hicolor/}"
  done
}

refresh_caches() {
  # Menus notice new entries by themselves; these make it immediate where they exist.
  command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 &&
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  installed | while read -r file; do rm -f "$file"; done
  if [ -L "$bin/copydesk" ]; then rm -f "$bin/copydesk"; fi
  refresh_caches
  echo "Copydesk removed from the menus. $bundle itself was left alone."
  exit 0
fi

mkdir -p "$data/applications" "$data/metainfo" "$bin"
cp -R "$bundle/share/icons" "$data/"
cp "$bundle/share/metainfo/$app_id.metainfo.xml" "$data/metainfo/"
# The menu entry runs this very folder's program, wherever it was unpacked.
sed -e "s|^Exec=copydesk|Exec=\"$bundle/copydesk\"|" \
  -e "s|^TryExec=copydesk|TryExec=$bundle/copydesk|" \
  "$bundle/share/applications/$app_id.desktop" >"$data/applications/$app_id.desktop"
ln -sf "$bundle/copydesk" "$bin/copydesk"
refresh_caches
echo "Copydesk is in your application menu, and 'copydesk' in $bin."
