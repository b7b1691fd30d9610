#!/usr/bin/env bash
# Installs headless Chromium and its ChromeDriver (the portal's end-to-end tests drive them through Selenium)
# from Debian: packages chromium and chromium-driver (bookworm-security carries the current ones).
# Needs root (or sudo). Idempotent: does nothing when `chromium` and `chromedriver` are already on the PATH.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Chromium is missing and installing it needs root: run $0 as root" >&2; exit 2; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
chromium --version
chromedriver --version
