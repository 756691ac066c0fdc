#!/bin/sh
# Builds a step-ca binary from Debian's packaged Go source (no network, no Go modules).
#
#   tools/step-ca/build.sh [output-dir]     prints the binary's path on stdout
#
# Needs the Debian packages golang-go, gcc, libc6-dev and golang-github-smallstep-certificates-dev
# (apt-get install -y golang-go gcc libc6-dev golang-github-smallstep-certificates-dev).
# Exits 3 when they are missing, so tests can skip instead of fail.
# The binary is also what a local mirror serves as the step-ca artifact of an air-gapped host or
# the lab (inventory `artifacts: {step-ca: {url, sha256}}`, see docs/inventory.md): the raw file,
# or a .tar.gz holding it as `step-ca` at any depth, with `sha256sum` of the file served.
# (The step CLI cannot be built this way: Debian's golang-github-smallstep-cli-dev 0.15.16 lacks
# the CLI's own flags, jose, token and utils/cautils packages, so its commands do not compile.)
# The output dir defaults to $PHOENIX_STEP_CA_CACHE or ~/.cache/phoenix/step-ca; an existing binary
# built from the same main.go is reused, so only the first run pays the ~20-60 s compile.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-${PHOENIX_STEP_CA_CACHE:-${HOME:-/tmp}/.cache/phoenix/step-ca}}
gocode=/usr/share/gocode

if ! command -v go >/dev/null 2>&1; then
  echo "step-ca build: 'go' not found; install the Debian package golang-go" >&2
  exit 3
fi
if ! command -v gcc >/dev/null 2>&1; then
  echo "step-ca build: 'gcc' not found (badger's zstd binding needs cgo); install gcc and libc6-dev" >&2
  exit 3
fi
if [ ! -d "$gocode/src/github.com/smallstep/certificates/commands" ]; then
  echo "step-ca build: step-ca source not found under $gocode; install golang-github-smallstep-certificates-dev" >&2
  exit 3
fi

mkdir -p "$out"
binary="$out/step-ca"
stamp="$out/main.go.sha256"
sum=$(sha256sum "$here/main.go" | cut -d' ' -f1)
if [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  echo "$binary"
  exit 0
fi

# GOPATH mode: a private workspace holds our main package; Debian's tree provides the rest.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/phoenix/step-ca"
cp "$here/main.go" "$work/src/phoenix/step-ca/main.go"
(
  cd "$work/src/phoenix/step-ca"
  GO111MODULE=off GOPATH="$work:$gocode" GOFLAGS= GOCACHE="${GOCACHE:-$out/gocache}" \
    go build -o "$binary.tmp" .
) >&2
mv "$binary.tmp" "$binary"
echo "$sum" >"$stamp"
echo "$binary"
