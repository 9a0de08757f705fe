#!/usr/bin/env bash
# Audits .github/ with zizmor (pinned, from PyPI, into .venv/zizmor) offline,
# with the default persona: any finding fails. Ignored findings and their
# reasons are in .github/zizmor.yml.
set -euo pipefail
cd "$(dirname "$0")/.."

ZIZMOR_VERSION=1.33.1
VENV=.venv/zizmor
if [ ! -x "$VENV/bin/zizmor" ] || [ "$("$VENV/bin/zizmor" --version 2>/dev/null)" != "zizmor $ZIZMOR_VERSION" ]; then
  echo "installing zizmor $ZIZMOR_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "zizmor==$ZIZMOR_VERSION"
fi
"$VENV/bin/zizmor" --offline --no-progress --config .github/zizmor.yml .github/
