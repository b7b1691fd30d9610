#!/usr/bin/env bash
# Installs Suricata 7 (the exemplar IDS VNF) from Debian bookworm-backports, the only suite that has it.
# Needs root (or sudo). Idempotent: does nothing when `suricata` is already on the PATH.
set -euo pipefail
command -v suricata >/dev/null 2>&1 && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Suricata is missing and installing it needs root: run $0 as root" >&2; exit 2; }
  SUDO=sudo
fi
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  # Same mirror and keyring as the machine's bookworm entry.
  $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q -t bookworm-backports suricata
suricata -V
