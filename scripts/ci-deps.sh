#!/usr/bin/env bash
# Installs, from Debian, what the tests need and the machine lacks (only when missing):
# - the PostgreSQL server binaries (initdb, postgres): the storage suite starts a throwaway
#   PostgreSQL of its own (src/storage/testing/postgresServer.ts) and fails without it.
set -euo pipefail

have_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
}

if ! have_postgres; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries are missing: run as root, or apt-get install postgresql" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  # The package's own cluster is not used by the tests: do not let the install start one.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
have_postgres || { echo "PostgreSQL server binaries (initdb, postgres) could not be installed" >&2; exit 1; }
