#!/usr/bin/env bash
# Debian packages the project needs at run time (called by `make install`):
#   fonts-liberation2 — Liberation Serif, the Times New Roman-metric serif with Vietnamese that
#   every PDF embeds (no PyPI package ships one). Without it documents fail with a clear message.
# Root on Debian/Ubuntu installs them; elsewhere this prints what to install and carries on.
set -euo pipefail
packages=(fonts-liberation2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "WARNING: PDF documents need the Debian package(s): ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }
echo "installed ${missing[*]}"
