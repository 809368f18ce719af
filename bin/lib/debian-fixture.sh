#!/usr/bin/env bash
# Prints the path of a Debian bookworm root made with `debootstrap --variant=minbase`, creating it the first time.
# The root is cached under ${WHITTLE_FIXTURES:-$HOME/.cache/whittle/fixtures}; a marker file says it is complete, so
# an interrupted run is redone rather than trusted. Needs root (debootstrap) and network on the first run only.
set -euo pipefail

fixtures=${WHITTLE_FIXTURES:-$HOME/.cache/whittle/fixtures}
root=$fixtures/debian-bookworm-minbase
marker=$fixtures/debian-bookworm-minbase.complete
mirror=${WHITTLE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [[ -f $marker ]]; then
    printf '%s\n' "$root"
    exit 0
fi

mkdir -p "$fixtures"
# Concurrent test runs wait for one another instead of bootstrapping into the same directory.
exec 9>"$fixtures/debian-bookworm-minbase.lock"
flock 9
if [[ ! -f $marker ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "debian-fixture: debootstrap needs root; run this script once as root to create $root." >&2
        exit 1
    fi
    command -v debootstrap >/dev/null || {
        echo "debian-fixture: debootstrap is missing; install it with 'apt-get install -y debootstrap'." >&2
        exit 1
    }
    rm -rf "$root"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$fixtures/debian-bookworm-minbase.log" 2>&1 || {
        echo "debian-fixture: debootstrap failed; see $fixtures/debian-bookworm-minbase.log." >&2
        exit 1
    }
    touch "$marker"
fi
printf '%s\n' "$root"
