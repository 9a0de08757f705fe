#!/usr/bin/env bash
# The tools the tests use beside Node, installed when missing (each step is
# idempotent and returns at once when the tool is there):
# - helm, built from its Go module, for the test that renders the Cilium chart;
# - Debian's Chromium, for the test that renders the address-plan picture;
# - OpenTofu with the real azurerm and helm providers, for the provider check
#   (from ../shared/terraform when present; otherwise tofu or terraform on PATH
#   with a reachable registry, found by the check itself).
# `npm test` runs this first.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/helm.sh .tools/helm >/dev/null
.ci/chromium.sh
if [ -x ../shared/terraform/install.sh ]; then
  ../shared/terraform/install.sh .tools/tofu >/dev/null
  echo "tofu: $(TF_CLI_CONFIG_FILE=.tools/tofu/tofurc .tools/tofu/bin/tofu version | head -n 1) with the providers of ../shared/terraform"
fi
