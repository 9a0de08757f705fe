#!/usr/bin/env bash
# Scans each synthesized stack with checkov (pinned, from PyPI) using the
# .checkov.yaml the policy pack generated next to it. Any failed check fails.
# Run `npm run synth` (or `node dist/app.js`) first.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
VENV=.venv/checkov
if [ ! -x "$VENV/bin/checkov" ] || [ "$("$VENV/bin/checkov" --version 2>/dev/null)" != "$CHECKOV_VERSION" ]; then
  echo "installing checkov $CHECKOV_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi

shopt -s nullglob
stacks=(cdktf.out/stacks/*/)
if [ ${#stacks[@]} -eq 0 ]; then
  echo "no synthesized stacks under cdktf.out/stacks; run npm run synth first" >&2
  exit 1
fi

status=0
for dir in "${stacks[@]}"; do
  dir=${dir%/}
  stack=$(basename "$dir")
  # --skip-download: no calls to the Prisma Cloud API (this is an offline scan).
  if ! out=$("$VENV/bin/checkov" -d "$dir" --framework terraform_json --config-file "$dir/.checkov.yaml" \
      --skip-download --compact --quiet 2>&1); then
    status=1
  fi
  summary=$(grep -E "^Passed checks" <<<"$out" || echo "no summary")
  echo "$stack: $summary"
  grep -E "^Check: |FAILED for resource" <<<"$out" | sed "s/^/  /" || true
  skipped=$(awk '/^skip-check:/{f=1;next} /^[^ #]/{f=0} f && /^  - /{n++} END{print n+0}' "$dir/.checkov.yaml")
  echo "  skipped by the generated config: $skipped check(s); reasons in $dir/.checkov.yaml"
done
exit $status
