#!/usr/bin/env bash
# The test command (README "Quick start"): installs the pinned Node toolchain (solc, OpenZeppelin,
# anvil) from package-lock.json, Suricata and headless Chromium (apt), then builds every module and runs every test against a real anvil.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-suricata.sh                              # the exemplar IDS VNF (Debian bookworm-backports)
scripts/install-chromium.sh                              # headless Chromium + ChromeDriver for the portal's browser tests (Debian)
scripts/install-iproute2.sh                              # `ip` for the multi-host test's network namespaces (Debian)
npm ci --no-audit --no-fund
(cd store/src/test/ipfs && npm ci --no-audit --no-fund)  # js-ipfs, the real IPFS node the store tests talk to
mvn -B verify "$@"
