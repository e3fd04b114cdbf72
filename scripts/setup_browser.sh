#!/usr/bin/env bash
# Installs the headless browser the dashboard's browser tests drive: Debian's chromium and
# chromium-driver. Idempotent: does nothing when /usr/bin/chromium is already there. The browser
# always comes from Debian's packages; no test tool ever downloads one of its own.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

die() { echo "error: $*" >&2; exit 1; }

if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 \
  || die "$CHROMIUM is missing and apt-get is not available; install Chromium (package 'chromium' and 'chromium-driver' on Debian/Ubuntu) so that $CHROMIUM exists."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 \
    || die "$CHROMIUM is missing; run as root (or install sudo): apt-get install chromium chromium-driver"
  SUDO="sudo"
fi

echo "installing chromium and chromium-driver from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q \
  || die "apt-get update failed; check the Debian package sources, then: apt-get install chromium chromium-driver"
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core \
  || die "apt-get could not install chromium and chromium-driver"

[ -x "$CHROMIUM" ] || die "chromium was installed but $CHROMIUM does not exist"
echo "chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
