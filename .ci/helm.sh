#!/usr/bin/env bash
# Builds helm from its Go module (the Go module proxy; no chart or binary
# download) into DIR/bin/helm and prints that path. Reused while the binary
# reports the pinned version, so a second run returns at once.
#   usage: .ci/helm.sh DIR        (this repo uses .tools/helm, gitignored)
set -euo pipefail

HELM_VERSION=v3.22.0
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DIR   (builds helm $HELM_VERSION into DIR/bin/helm)" >&2
  exit 2
fi
mkdir -p "$1/bin"
BIN_DIR="$(cd "$1/bin" && pwd)"
HELM="$BIN_DIR/helm"

# `go install` builds without the release ldflags, so `helm version` may show
# only the minor version; the module version in the build info is exact.
current_version() {
  local v
  v="$("$HELM" version --template '{{.Version}}' 2>/dev/null || true)"
  if [ "$v" != "$HELM_VERSION" ] && command -v go >/dev/null; then
    v="$(go version -m "$HELM" 2>/dev/null | awk '$1 == "mod" && $2 == "helm.sh/helm/v3" { print $3 }')"
  fi
  printf '%s' "$v"
}

if [ ! -x "$HELM" ] || [ "$(current_version)" != "$HELM_VERSION" ]; then
  command -v go >/dev/null || { echo "helm.sh: go is not on PATH; it is needed to build helm $HELM_VERSION" >&2; exit 1; }
  echo "building helm $HELM_VERSION into $BIN_DIR (a few minutes on 2 cores)" >&2
  GOFLAGS=-mod=mod GOBIN="$BIN_DIR" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
  if [ "$(current_version)" != "$HELM_VERSION" ]; then
    echo "helm.sh: $HELM does not report $HELM_VERSION after the build" >&2
    exit 1
  fi
fi
echo "$HELM"
