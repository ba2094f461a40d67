#!/usr/bin/env bash
# Makes sure this machine has what the Python actor tests need: bubblewrap (bwrap, the process sandbox) and Debian's
# /usr/bin/python3 with venv, ensurepip and numpy (the system_site_packages test). When any is missing and this runs as
# root, installs the Debian packages bubblewrap python3-venv python3-numpy; otherwise names them and fails.
# Run by PythonDeps.targets before the test project builds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages="bubblewrap python3-venv python3-numpy"

fail() { echo "tests/Reflow.Scripting.Tests/python-deps.sh: $*" >&2; exit 1; }

missing() {
    local what=()
    command -v bwrap >/dev/null 2>&1 || [ -x /usr/bin/bwrap ] || what+=("bwrap (bubblewrap)")
    /usr/bin/python3 -c "import numpy, venv, ensurepip" >/dev/null 2>&1 || what+=("/usr/bin/python3 with numpy, venv and ensurepip (python3-numpy python3-venv)")
    local IFS=";"
    echo "${what[*]:-}"
}

lacking="$(missing)"
[ -z "$lacking" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "the Python actor tests need $lacking. Install them, e.g. 'sudo apt-get install $packages', or build as root to have this script install them."
fi

# The test projects of one solution may build at once: one installs, the other waits for it and finds them.
exec 8>"$here/.python-deps.lock"
flock 8
lacking="$(missing)"
if [ -n "$lacking" ]; then
    echo "python-deps.sh: installing $packages (apt-get): missing $lacking"
    apt-get -o DPkg::Lock::Timeout=300 update || fail "apt-get update failed (its output is above); the packages needed: $packages"
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $packages \
        || fail "apt-get install $packages failed (its output is above)"
    lacking="$(missing)"
    [ -z "$lacking" ] || fail "apt-get installed $packages but these are still missing: $lacking"
fi
flock -u 8
