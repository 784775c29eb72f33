#!/usr/bin/env bash
# Installs, from Debian, what the tests need and the machine lacks (only when missing). `npm test`
# runs it first (so does `.ci/run`, through `npm test`); with everything there it only checks (~2 s).
# - kubectl (kubernetes-client): the end-to-end suite drives the machine's kubectl.
# - the PostgreSQL server binaries (initdb, postgres): the storage suite starts a throwaway
#   PostgreSQL of its own (src/storage/testing/postgresServer.ts) and fails without it.
# - docker-registry, skopeo and htpasswd (apache2-utils): the delivery suite starts a throwaway
#   OCI registry (src/delivery/testing/registryServer.ts), pushes artifacts to it and reads them
#   back with skopeo, a client that is not ours; htpasswd makes its basic-auth password file.
# - python3-kubernetes: the Python client suite (test/clients/python.test.ts) runs the `kubernetes`
#   client, unchanged, under Debian's /usr/bin/python3.
# - kubectl 1.27 to 1.33: the client matrix (test/e2e/kubectlMatrix.test.ts) runs each minor, found
#   as kubectl.1.NN beside the real kubectl binary, as Google's `kubectl` package (the Cloud SDK's
#   apt repository) installs them. Debian's kubernetes-client has one version only: checked, not
#   installed here.
# - golang-go, golang-github-masterminds-sprig-dev and golang-gopkg-yaml.v2-dev: the Helm chart's
#   test (test/helm) builds deploy/helm/render, which renders the chart as `helm template` does
#   (Go's text/template with sprig), offline from these packages; there is no helm binary here.
# - chromium: the browser suite (test/web) drives it through playwright-core; nothing is downloaded
#   at run time.
set -euo pipefail

if ! command -v kubectl >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client) >/dev/null 2>&1 || true
fi
command -v kubectl >/dev/null 2>&1 || { echo "kubectl is required by test/e2e and could not be installed: run as root, or apt-get install kubernetes-client" >&2; exit 1; }

have_postgres() {
  # a server of your own (see README, Develop) needs no binaries here
  [ -n "${PALETTEAI_TEST_POSTGRES_URL:-}" ] ||
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

have_registry_tools() {
  command -v docker-registry >/dev/null 2>&1 && command -v skopeo >/dev/null 2>&1 &&
    command -v htpasswd >/dev/null 2>&1
}

if ! have_registry_tools; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "docker-registry, skopeo or htpasswd is missing: run as root, or apt-get install docker-registry skopeo apache2-utils" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  # RUNLEVEL=1: the tests start their own registry; the package's service must not start.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends \
    docker-registry skopeo apache2-utils >/dev/null
  # Nor start at the next boot: nothing here uses the system-wide registry on port 5000.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable docker-registry >/dev/null 2>&1 || true; fi
fi
have_registry_tools || { echo "docker-registry, skopeo and htpasswd could not be installed" >&2; exit 1; }

have_chromium() {
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]
}

if ! have_chromium; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing: run as root, or apt-get install chromium" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
have_chromium || { echo "chromium could not be installed" >&2; exit 1; }

have_go_render_deps() {
  command -v go >/dev/null 2>&1 && [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] &&
    [ -d /usr/share/gocode/src/gopkg.in/yaml.v2 ]
}

if ! have_go_render_deps; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Go or its sprig and yaml.v2 packages are missing: run as root, or apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev >/dev/null
fi
have_go_render_deps || { echo "golang-go, golang-github-masterminds-sprig-dev and golang-gopkg-yaml.v2-dev could not be installed" >&2; exit 1; }

have_python_kubernetes() {
  /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1
}

if ! have_python_kubernetes; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "the Python kubernetes client is missing: run as root, or apt-get install python3-kubernetes" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-kubernetes >/dev/null
fi
have_python_kubernetes || { echo "python3-kubernetes could not be installed (/usr/bin/python3 -c 'import kubernetes' fails)" >&2; exit 1; }

kubectl_dir() {
  local k
  k="$(command -v kubectl 2>/dev/null)" || return 1
  dirname "$(realpath "$k")"
}
missing_minors=""
for minor in 27 28 29 30 31 32 33; do
  dir="$(kubectl_dir)" || { missing_minors="kubectl itself"; break; }
  [ -x "$dir/kubectl.1.$minor" ] || missing_minors="$missing_minors kubectl.1.$minor"
done
if [ -n "$missing_minors" ]; then
  echo "missing beside kubectl:$missing_minors; install Google's kubectl package (packages.cloud.google.com apt repository), which ships kubectl.1.NN for each supported minor" >&2
  exit 1
fi
