#!/usr/bin/env bash
# Makes sure this machine has what the distributed-run tests need: Debian's nats-server (/usr/sbin/nats-server; the
# tests start real servers and clusters of it on loopback) and openssl (the TLS tests make their certificates with it).
# When one is missing and this runs as root, installs the Debian packages nats-server openssl; otherwise names them and
# fails. Run by NatsDeps.targets before the test project builds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages="nats-server openssl"

fail() { echo "tests/Reflow.Distributed.Tests/nats-deps.sh: $*" >&2; exit 1; }

missing() {
    local what=()
    command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || what+=("nats-server")
    command -v openssl >/dev/null 2>&1 || what+=("openssl")
    local IFS=";"
    echo "${what[*]:-}"
}

lacking="$(missing)"
[ -z "$lacking" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "the distributed-run tests need $lacking. Install them, e.g. 'sudo apt-get install $packages', or build as root to have this script install them."
fi

# The test projects of one solution may build at once: one installs, the other waits for it and finds them.
exec 8>"$here/.nats-deps.lock"
flock 8
lacking="$(missing)"
if [ -n "$lacking" ]; then
    echo "nats-deps.sh: installing $packages (apt-get): missing $lacking"
    apt-get -o DPkg::Lock::Timeout=300 update || fail "apt-get update failed (its output is above); the packages needed: $packages"
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $packages \
        || fail "apt-get install $packages failed (its output is above)"
    lacking="$(missing)"
    [ -z "$lacking" ] || fail "apt-get installed $packages but these are still missing: $lacking"
fi
flock -u 8
