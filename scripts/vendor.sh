#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry at the versions in package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
htmx=$(python3 -c 'import json;print(json.load(open("package.json"))["dependencies"]["htmx.org"])')
norm=$(python3 -c 'import json;print(json.load(open("package.json"))["dependencies"]["modern-normalize"])')
(cd "$tmp" && npm pack "htmx.org@$htmx" "modern-normalize@$norm" >/dev/null)
tar -xzf "$tmp/htmx.org-$htmx.tgz" -C "$tmp" package/dist/htmx.min.js
cp "$tmp/package/dist/htmx.min.js" "static/vendor/htmx-$htmx.min.js"
rm -rf "$tmp/package"
tar -xzf "$tmp/modern-normalize-$norm.tgz" -C "$tmp" package/modern-normalize.css
cp "$tmp/package/modern-normalize.css" "static/vendor/modern-normalize-$norm.css"
