#!/usr/bin/env bash
# Installs promtool, which the metrics tests run as `promtool check metrics` on every service's
# /metrics: it comes with Debian's prometheus package. Idempotent: does nothing when promtool is
# already on the PATH. Only the tool is wanted; the package's own Prometheus server is not started.
set -euo pipefail

die() { echo "error: $*" >&2; exit 1; }

if command -v promtool >/dev/null 2>&1; then
  echo "promtool present: $(promtool --version 2>&1 | head -1)"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 \
  || die "promtool is missing and apt-get is not available; install Prometheus's promtool (Debian/Ubuntu package 'prometheus') so that 'promtool' is on the PATH."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 \
    || die "promtool is missing; run as root (or install sudo): apt-get install prometheus"
  SUDO="sudo"
fi

echo "installing promtool (Debian package prometheus)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q \
  || die "apt-get update failed; check the Debian package sources, then: apt-get install prometheus"
# policy-rc.d exit 101: the package's service is not started (no Prometheus server is wanted).
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod +x "$POLICY"
  trap '$SUDO rm -f "$POLICY"' EXIT
fi
$SUDO apt-get install -y -q --no-install-recommends prometheus \
  || die "apt-get could not install prometheus (for promtool)"

command -v promtool >/dev/null 2>&1 || die "prometheus was installed but promtool is not on the PATH"
echo "promtool installed: $(promtool --version 2>&1 | head -1)"
