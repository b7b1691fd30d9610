#!/usr/bin/env bash
# Installs iproute2 (`ip`) from Debian: the multi-host test (cli MultiHostTest) makes its network namespaces,
# veth pairs and bridge with it. Needs root (or sudo). Idempotent: does nothing when `ip` is already there.
set -euo pipefail
command -v ip >/dev/null 2>&1 && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "iproute2 is missing and installing it needs root: run $0 as root" >&2; exit 2; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q iproute2
ip -V
