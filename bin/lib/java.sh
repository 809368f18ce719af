# Sourced by bin/whittle, bin/test and .ci/run: finds a JDK 21 or newer.
# Only bash builtins on the common path (reading the JDK's `release` file), so the launcher stays fast.

WHITTLE_MIN_JAVA=21

# Prints the feature release (21, 25, …) of the JDK at home $1, or nothing when it is not a JDK.
whittle_jdk_major() {
    local home=$1 line version=
    [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
    if [[ -r $home/release ]]; then
        while IFS= read -r line; do
            if [[ $line == JAVA_VERSION=* ]]; then
                version=${line#JAVA_VERSION=}
                version=${version//\"/}
                break
            fi
        done <"$home/release"
    fi
    if [[ -z $version ]]; then
        # No release file: ask the JVM (slower, but rare).
        version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
    fi
    [[ $version == 1.* ]] && version=${version#1.}
    version=${version%%[.+-]*}
    [[ $version =~ ^[0-9]+$ ]] || return 1
    printf '%s\n' "$version"
}

# True when the JDK at home $1 is 21 or newer.
whittle_jdk_ok() {
    local major
    major=$(whittle_jdk_major "$1") || return 1
    ((major >= WHITTLE_MIN_JAVA))
}

# Sets WHITTLE_JAVA_HOME to a JDK 21 or newer: JAVA_HOME when it is one, else the `java` on PATH when it is
# one, else the newest under /usr/lib/jvm. Returns 1 with a one-line message on stderr when there is none.
whittle_find_java() {
    local candidate best= best_major=0 major java
    if [[ -n ${JAVA_HOME:-} ]] && whittle_jdk_ok "$JAVA_HOME"; then
        WHITTLE_JAVA_HOME=$JAVA_HOME
        return 0
    fi
    if java=$(command -v java 2>/dev/null); then
        java=$(readlink -f "$java")
        candidate=${java%/bin/java}
        if whittle_jdk_ok "$candidate"; then
            WHITTLE_JAVA_HOME=$candidate
            return 0
        fi
    fi
    for candidate in "${WHITTLE_JVM_DIR:-/usr/lib/jvm}"/*/; do
        candidate=${candidate%/}
        [[ -L $candidate ]] && continue
        major=$(whittle_jdk_major "$candidate") || continue
        if ((major >= WHITTLE_MIN_JAVA && major > best_major)); then
            best=$candidate
            best_major=$major
        fi
    done
    if [[ -n $best ]]; then
        WHITTLE_JAVA_HOME=$best
        return 0
    fi
    echo "whittle: no JDK $WHITTLE_MIN_JAVA or newer found (JAVA_HOME, java on PATH, /usr/lib/jvm): install one (Temurin, or Debian 13's openjdk-21-jdk-headless) or point JAVA_HOME at it." >&2
    return 1
}
