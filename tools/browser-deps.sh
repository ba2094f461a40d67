#!/usr/bin/env bash
# Makes sure this machine has what the browser tests need: Debian's chromium (/usr/bin/chromium), which Playwright drives
# by its executable path (Playwright never downloads a browser here). When it is missing and this runs as root,
# installs the Debian package chromium; otherwise names it and fails. Run by tests/BrowserDeps.targets before the
# browser test project builds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages="chromium"

fail() { echo "tools/browser-deps.sh: $*" >&2; exit 1; }

missing() {
    [ -x /usr/bin/chromium ] || echo "chromium"
}

lacking="$(missing)"
[ -z "$lacking" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "the browser tests need Debian's chromium at /usr/bin/chromium. Install it, e.g. 'sudo apt-get install $packages', or build as root to have this script install it."
fi

# Test projects of one solution may build at once: one installs, the others wait for it and find it.
exec 8>"$here/.browser-deps.lock"
flock 8
lacking="$(missing)"
if [ -n "$lacking" ]; then
    echo "browser-deps.sh: installing $packages (apt-get): missing $lacking"
    apt-get -o DPkg::Lock::Timeout=300 update || fail "apt-get update failed (its output is above); the package needed: $packages"
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $packages \
        || fail "apt-get install $packages failed (its output is above)"
    lacking="$(missing)"
    [ -z "$lacking" ] || fail "apt-get installed $packages but /usr/bin/chromium is still missing"
fi
flock -u 8
