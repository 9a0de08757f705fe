#!/usr/bin/env bash
# The tools the tests use beside Node, installed when missing (each step is
# idempotent and returns at once when the tool is there):
# - helm, built from its Go module, for the test that renders the Cilium chart;
# - Debian's Chromium, for the test that renders the address-plan picture.
# OpenTofu for the provider check is not installed here: the check
# (findTerraformCli in lib/testing/terraform/cli.ts) unpacks ../shared/terraform
# itself, or uses tofu or terraform on PATH.
# `npm test` runs this first.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/helm.sh .tools/helm >/dev/null
.ci/chromium.sh
