#!/usr/bin/env bash
# Lints .github/workflows with actionlint, built from source at a pinned
# version (Go module proxy) into .gen/bin and reused while the version matches.
# actionlint checks `run:` scripts with shellcheck when that is on PATH, and skips them otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=v1.7.12
BIN_DIR="$PWD/.gen/bin"
ACTIONLINT="$BIN_DIR/actionlint"

if [ ! -x "$ACTIONLINT" ] || [ "$("$ACTIONLINT" -version 2>/dev/null | head -n 1)" != "$ACTIONLINT_VERSION" ]; then
  echo "installing actionlint $ACTIONLINT_VERSION into .gen/bin"
  mkdir -p "$BIN_DIR"
  GOBIN="$BIN_DIR" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

if ! command -v shellcheck >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y -qq shellcheck >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq shellcheck >/dev/null 2>&1) || true
fi
command -v shellcheck >/dev/null || echo "actionlint: shellcheck not on PATH, run: scripts are not checked"
"$ACTIONLINT" -no-color .github/workflows/*.yml
