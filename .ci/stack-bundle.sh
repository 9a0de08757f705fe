#!/usr/bin/env bash
# Builds what a job with credentials may plan for one environment, from
# synthesized stacks it does not trust (a pull request's artifact, or a synth
# job's output), and refuses anything it must not plan:
#
#   .ci/stack-bundle.sh ENV STACKS_DIR OUT_DIR
#
# - copies only cdk.tf.json of <ENV> and, when synthesized, <ENV>-cni from
#   STACKS_DIR (a regular file each, not a link) into OUT_DIR/<stack>/; nothing
#   else of STACKS_DIR (other .tf files, a .terraform directory) comes along;
# - replaces each helm_release from a chart repository by the chart file,
#   downloaded and checked against .ci/helm-charts.sha256 (AKS_CHART_DIR names a
#   directory to take the chart files from instead of downloading them);
# - runs the stack policy for plans with credentials (scripts/check-stack-policy.js
#   --remote-state-only --local-charts-only; needs npm run build:lib);
# - adds each stack's .terraform.lock.hcl (.ci/provider-lock.sh).
# Prints the stacks, one per line. Exit 1 on any refusal, 2 on a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 3 ]; then
  echo "usage: $0 ENV STACKS_DIR OUT_DIR" >&2
  exit 2
fi
env=$1 stacks_dir=$2 out=$3
if ! [[ $env =~ ^[A-Za-z][A-Za-z0-9_-]{0,62}$ ]]; then
  echo "stack-bundle: \"$env\" is not an environment name" >&2
  exit 2
fi
CHARTS_FILE=.ci/helm-charts.sha256
CILIUM_REPOSITORY=https://helm.cilium.io

stacks=("$env")
[ -e "$stacks_dir/$env-cni" ] && stacks+=("$env-cni")
mkdir -p "$out"
for stack in "${stacks[@]}"; do
  src="$stacks_dir/$stack/cdk.tf.json"
  if [ -L "$stacks_dir/$stack" ] || [ -L "$src" ] || [ ! -f "$src" ]; then
    echo "stack-bundle: $src is missing or not a regular file" >&2
    exit 1
  fi
  mkdir -p "$out/$stack"
  cp "$src" "$out/$stack/cdk.tf.json"
done

# The chart a stack installs, as a file checked against its pinned digest.
vendor_charts() {
  local dir=$1 json=$1/cdk.tf.json name version file digest expected tmp
  while IFS=$'\t' read -r name version; do
    [ -n "$name" ] || continue
    if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
      echo "stack-bundle: $(basename "$dir"): helm_release.$name: chart version \"$version\" is not a release version (x.y.z)" >&2
      return 1
    fi
    file="cilium-$version.tgz"
    expected=$(awk -v f="$file" '!/^#/ && $2 == f { print $1 }' "$CHARTS_FILE")
    if [ -z "$expected" ]; then
      echo "stack-bundle: $(basename "$dir"): $file has no pinned digest in $CHARTS_FILE; add it after checking it" >&2
      return 1
    fi
    if [ -n "${AKS_CHART_DIR:-}" ]; then
      cp "$AKS_CHART_DIR/$file" "$dir/$file"
    else
      curl --proto '=https' --tlsv1.2 -fsSL --retry 3 -o "$dir/$file" "$CILIUM_REPOSITORY/$file"
    fi
    digest=$(sha256sum "$dir/$file" | cut -d' ' -f1)
    if [ "$digest" != "$expected" ]; then
      echo "stack-bundle: $(basename "$dir"): $file has SHA-256 $digest, not the pinned $expected" >&2
      return 1
    fi
    tmp=$(mktemp)
    jq --arg name "$name" --arg chart "./$file" '.resource.helm_release[$name] |= (del(.repository) | .chart = $chart)' "$json" >"$tmp"
    mv "$tmp" "$json"
  done < <(jq -r --arg repo "$CILIUM_REPOSITORY" '(.resource.helm_release // {}) | to_entries[] | select(.value.repository == $repo and .value.chart == "cilium") | [.key, (.value.version | tostring)] | @tsv' "$json")
}

for stack in "${stacks[@]}"; do vendor_charts "$out/$stack"; done
dirs=()
for stack in "${stacks[@]}"; do dirs+=("$out/$stack"); done
node scripts/check-stack-policy.js --remote-state-only --local-charts-only "${dirs[@]}"
.ci/provider-lock.sh "${dirs[@]}"
printf '%s\n' "${stacks[@]}"
