#!/usr/bin/env bash
# Make the machine ready: system packages (Debian/Ubuntu as root), then .venv with the pinned requirements.
# Usage: scripts/setup.sh [fonts] [tex] [browser]   (fonts are always installed)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PACKAGES=(
  [fonts]="fonts-noto-cjk fontconfig"
  [tex]="texlive-xetex texlive-lang-chinese latexmk texlive-latex-extra texlive-fonts-recommended poppler-utils"
  [browser]="chromium poppler-utils"
)
wanted="${PACKAGES[fonts]}"
for group in "$@"; do wanted="$wanted ${PACKAGES[$group]:-}"; done

missing=()
for package in $wanted; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: missing system packages; run: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  else
    echo "setup: not a Debian system; install the equivalents of: ${missing[*]}" >&2
  fi
fi

stamp=.venv/.requirements.sha256
wanted_hash=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted_hash" ]; then
  echo "setup: installing Python requirements into .venv"
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  # the project itself, editable: Dask workers started from this .venv import the analysis from the checkout
  if ! .venv/bin/python -m pip install -q --no-deps -e . >.venv/install-project.log 2>&1; then
    cat .venv/install-project.log >&2
    exit 1
  fi
  echo "$wanted_hash" > "$stamp"
fi
