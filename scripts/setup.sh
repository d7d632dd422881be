#!/usr/bin/env bash
# Idempotent set-up of everything hocba needs on a fresh machine of the project's kind:
# system packages, npm dependencies, the development PKI. Safe to run again; does only what is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node >= 20.19 is required (found $(node --version))"

# openssl: the tests make CMS signatures with the openssl CLI, an implementation independent of ours.
# postgresql: the db tests run on a real Postgres too (scripts/postgres.sh starts a private cluster).
# curl: the Fabric network's health checks (network/fabric/scripts/network.sh).
# poppler-utils: the document tests render PDFs to PNG (pdftoppm) to look at them and read their QR code.
apt_install openssl ca-certificates postgresql curl poppler-utils

# npm ci only when package-lock.json changed since the last install.
lock_hash="$(sha256sum package-lock.json | cut -c1-64)"
stamp=node_modules/.hocba-lock-hash
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

# The development PKI (root CA + principal certificates of the demo schools), in git-ignored .dev-pki/.
if [ -f scripts/dev-pki.ts ]; then npx tsx scripts/dev-pki.ts; fi
