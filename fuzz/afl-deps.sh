#!/usr/bin/env bash
# Makes sure this machine has afl-fuzz (Debian's afl++). When it is missing and this runs as root, installs the Debian
# package afl++ (under flock, as tests/Reflow.Distributed.Tests/nats-deps.sh does); otherwise names it and fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() { echo "fuzz/afl-deps.sh: $*" >&2; exit 1; }

command -v afl-fuzz >/dev/null 2>&1 && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "the fuzz runs need afl-fuzz. Install it, e.g. 'sudo apt-get install afl++', or run as root to have this script install it."
fi

mkdir -p "$here/.out"
exec 8>"$here/.out/afl-deps.lock"
flock 8
if ! command -v afl-fuzz >/dev/null 2>&1; then
    echo "afl-deps.sh: installing afl++ (apt-get): afl-fuzz is missing"
    apt-get -o DPkg::Lock::Timeout=300 update || fail "apt-get update failed (its output is above)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends afl++ \
        || fail "apt-get install afl++ failed (its output is above)"
    command -v afl-fuzz >/dev/null 2>&1 || fail "apt-get installed afl++ but afl-fuzz is still missing"
fi
flock -u 8
