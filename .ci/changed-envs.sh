#!/usr/bin/env bash
# Prints, as a JSON array, the environments (config/<env>.yaml|yml|json) whose
# synthesized stacks a change can affect. Reads the changed paths, one per
# line, on stdin (e.g. from `git diff --name-only`); `--all` ignores stdin
# and prints every environment.
#   config/<env>.*                    -> <env> (if the file still exists)
#   lib/**, main.ts, package*.json, .npmrc,
#   cdktf.json, tsconfig*.json,
#   schema/**, scripts/**             -> every environment (shared code, and what
#                                        builds the app that synth runs)
#   .ci/helm-charts.sha256            -> every environment (the chart deploy installs)
# Anything else (docs, tests, workflows) affects no environment.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIG_DIR=${AKS_CONFIG_DIR:-config}
mapfile -t all < <(find "$CONFIG_DIR" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -name '.*' \
  -exec basename {} \; | sed -E 's/\.(yaml|yml|json)$//' | sort -u)

selected=()
if [ "${1:-}" = "--all" ]; then
  selected=("${all[@]}")
else
  while IFS= read -r file || [ -n "$file" ]; do
    case "$file" in
      lib/* | main.ts | package.json | package-lock.json | .npmrc | cdktf.json | tsconfig.json | tsconfig.build.json | schema/* | scripts/* | .ci/helm-charts.sha256)
        selected=("${all[@]}")
        break
        ;;
      "$CONFIG_DIR"/*.yaml | "$CONFIG_DIR"/*.yml | "$CONFIG_DIR"/*.json)
        name=$(basename "$file")
        name=${name%.*}
        for env in "${all[@]}"; do
          [ "$env" = "$name" ] && selected+=("$env")
        done
        ;;
    esac
  done
fi

json="["
sep=""
while IFS= read -r env; do
  [ -n "$env" ] || continue
  json+="$sep\"$env\""
  sep=","
done < <(printf '%s\n' "${selected[@]+"${selected[@]}"}" | sort -u)
echo "$json]"
