#!/usr/bin/env bash
# Lighthouse (npm, pinned) against Debian's Chromium on a local demo instance (127.0.0.1 only):
# performance, accessibility and best-practices of each main page, signed in.
#   bash bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund lighthouse@12.8.2 >/dev/null)
export KOCLEDGER_DATA_DIR="$work/data"
.venv/bin/kocledger demo --deals 150 --user demo 2>/dev/null
.venv/bin/kocledger serve --port 8765 >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8765/healthz >/dev/null && break; sleep 0.2; done
cookie=$(.venv/bin/python - <<'PY'
import re, httpx
c = httpx.Client(base_url="http://127.0.0.1:8765")
t = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
c.post("/login", data={"username": "demo", "password": "demo-password", "csrf_token": t})
print(c.cookies.get("koc_session"))
PY
)
for page in / /deals /deals/5 /work/new /dashboard /offers/new /settings; do
  CHROME_PATH=$(command -v chromium) "$work/node_modules/.bin/lighthouse" "http://127.0.0.1:8765$page" \
    --quiet --output=json --output-path="$work/report.json" \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="{\"Cookie\": \"koc_session=$cookie\"}" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" >/dev/null 2>&1
  python3 -c "import json,sys; d=json.load(open('$work/report.json')); print(f'{sys.argv[1]:14}', '  '.join(f'{k} {round(v[\"score\"]*100)}' for k, v in d['categories'].items()))" "$page"
done
