#!/usr/bin/env bash
# gavel's one test command: installs what is missing, then runs every test
# (unit, golden, fuzz seed corpora, real IRC network, tmux end-to-end) with
# the race detector. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/sbin/inspircd ] || need+=(inspircd)
[ -x /usr/bin/atheme-services ] || need+=(atheme-services)
command -v tmux >/dev/null || need+=(tmux)
command -v openssl >/dev/null || need+=(openssl)
command -v ssh >/dev/null || need+=(openssh-client)   # gavel serve is tested with the real OpenSSH client
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)   # meeting events are tested against a real RabbitMQ
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing: ${need[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "go is not installed (Go 1.26 is required)" >&2; exit 1; }

echo "== go vet"
go vet ./...
echo "== staticcheck"
# Pinned like every module; fetched through the module proxy on first use.
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
[ -z "$bad" ] || { echo "gofmt needed: $bad" >&2; exit 1; }
echo "== go test -race"
go test -race -count=1 -timeout 40m ./...
