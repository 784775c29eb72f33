#!/usr/bin/env bash
# Installs, from Debian, what `npm run bench` needs beyond the tests' packages (only when missing):
# - everything scripts/ci-deps.sh installs: the bench starts a throwaway PostgreSQL, registry and
#   Chromium of its own, as the tests do;
# - wrk: the server sections drive the API server over HTTPS with it (C, so the load generator is
#   not what limits the figures).
set -euo pipefail
bash "$(dirname "$0")/ci-deps.sh"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "wrk is missing: run as root, or apt-get install wrk" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
command -v wrk >/dev/null 2>&1 || { echo "wrk could not be installed" >&2; exit 1; }
