#!/usr/bin/env bash
# Installs Debian's chromium package (headless browser for the address-plan
# rendering test and scripts/render-address-plan.js) when /usr/bin/chromium is
# missing. Idempotent: does nothing when it is already there.
# Needs root (or sudo) and apt-get. CHROMIUM_PATH names another Chromium or
# Chrome binary to use instead (the tests honour it too).
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2; exit 1; }
  echo "chromium: using CHROMIUM_PATH ($("$CHROMIUM_PATH" --version 2>/dev/null || echo "version unknown"))"
  exit 0
fi
CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium: already installed ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "chromium: $CHROMIUM is missing and apt-get is not available; install Chromium so that $CHROMIUM exists" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then
    SUDO=sudo
  else
    echo "chromium: installing needs root; run this script as root or install sudo" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "chromium: installing Debian's chromium package"
# A stale package index fails the install with 404s: refresh it first.
$SUDO apt-get update -qq
# fonts-liberation and fonts-dejavu-core give the generic families (sans-serif, monospace) real faces.
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "chromium: the package installed but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "chromium: installed ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))"
