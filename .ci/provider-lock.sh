#!/usr/bin/env bash
# Gives each stack directory a .terraform.lock.hcl (the providers' versions and
# hashes), so that `terraform init -lockfile=readonly` installs nothing else:
#
#   .ci/provider-lock.sh [--check] STACK_DIR...
#
# A stack's lock file is .ci/terraform-locks/<providers>.terraform.lock.hcl
# (<providers>: the names in its required_providers, joined by "+", e.g.
# "azurerm" or "helm") when that file is committed; otherwise it is generated
# with `terraform providers lock` for the platforms below, from the registry
# (which checks each package against the provider's signed checksums) and a
# notice says so.
# --check: generate for every stack and compare with the committed file (a
# difference fails); generated files without a committed one are written to
# $LOCK_OUT (default .ci/terraform-locks/generated/) for review and commit.
# TERRAFORM names the CLI (default: terraform).
set -euo pipefail
cd "$(dirname "$0")/.."

PLATFORMS=(linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64)
LOCKS=.ci/terraform-locks
TERRAFORM=${TERRAFORM:-terraform}
check=false
if [ "${1:-}" = "--check" ]; then
  check=true
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [--check] STACK_DIR..." >&2
  exit 2
fi
LOCK_OUT=${LOCK_OUT:-$LOCKS/generated}

# Generates the lock file of a stack into DIR/.terraform.lock.hcl.
generate() {
  local args=()
  for p in "${PLATFORMS[@]}"; do args+=("-platform=$p"); done
  (cd "$1" && "$TERRAFORM" providers lock "${args[@]}" >/dev/null)
}

status=0
for dir in "$@"; do
  key=$(jq -r '[(.terraform.required_providers // {}) | keys[]] | sort | join("+")' "$dir/cdk.tf.json")
  if ! [[ $key =~ ^[a-z0-9+_-]+$ ]]; then
    echo "provider-lock: $dir: no required providers" >&2
    exit 1
  fi
  committed="$LOCKS/$key.terraform.lock.hcl"
  if [ "$check" = false ] && [ -f "$committed" ]; then
    cp "$committed" "$dir/.terraform.lock.hcl"
    continue
  fi
  rm -f "$dir/.terraform.lock.hcl"
  generate "$dir"
  if [ -f "$committed" ]; then
    if ! diff -u "$committed" "$dir/.terraform.lock.hcl" >&2; then
      echo "provider-lock: $dir: the registry's hashes differ from $committed" >&2
      status=1
    fi
  elif [ "$check" = true ]; then
    mkdir -p "$LOCK_OUT"
    cp "$dir/.terraform.lock.hcl" "$LOCK_OUT/$key.terraform.lock.hcl"
    echo "provider-lock: $dir: no committed $committed; generated one in $LOCK_OUT (review, then commit it to pin the hashes)"
  else
    echo "provider-lock: $dir: no committed $committed; generated from the registry for this run"
  fi
done
exit $status
