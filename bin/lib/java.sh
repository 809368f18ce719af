# Sourced by bin/whittle, bin/test and .ci/run: finds a JDK 21 or newer.
# Only bash builtins on the common path (reading the JDK's `release` file, no subshell), so the launcher stays fast.

WHITTLE_MIN_JAVA=21

# Reads the JDK at home $1: sets WHITTLE_JDK_MAJOR (21, 25, …) and WHITTLE_JDK_RUNTIME (the exact build, e.g.
# 25.0.3+9-LTS, as much as the JDK tells). Returns 1 when $1 is not a JDK.
whittle_jdk_read() {
    local home=$1 line version= runtime=
    WHITTLE_JDK_MAJOR=
    WHITTLE_JDK_RUNTIME=
    [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
    if [[ -r $home/release ]]; then
        while IFS= read -r line; do
            case $line in
                JAVA_VERSION=*) version=${line#JAVA_VERSION=} ;;
                JAVA_RUNTIME_VERSION=*) runtime=${line#JAVA_RUNTIME_VERSION=} ;;
            esac
        done <"$home/release"
        version=${version//\"/}
        runtime=${runtime//\"/}
    fi
    if [[ -z $version ]]; then
        # No release file: ask the JVM (slower, but rare).
        version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
    fi
    WHITTLE_JDK_RUNTIME=${runtime:-$version}
    [[ $version == 1.* ]] && version=${version#1.}
    version=${version%%[.+-]*}
    [[ $version =~ ^[0-9]+$ ]] || return 1
    WHITTLE_JDK_MAJOR=$version
}

# Prints the feature release (21, 25, …) of the JDK at home $1, or nothing when it is not a JDK.
whittle_jdk_major() {
    whittle_jdk_read "$1" || return 1
    printf '%s\n' "$WHITTLE_JDK_MAJOR"
}

# True when the JDK at home $1 is 21 or newer (and leaves WHITTLE_JDK_MAJOR and WHITTLE_JDK_RUNTIME set to its).
whittle_jdk_ok() {
    whittle_jdk_read "$1" || return 1
    ((WHITTLE_JDK_MAJOR >= WHITTLE_MIN_JAVA))
}

# Sets WHITTLE_JAVA_HOME to a JDK 21 or newer: JAVA_HOME when it is one, else the `java` on PATH when it is
# one, else the newest under /usr/lib/jvm; WHITTLE_JDK_MAJOR and WHITTLE_JDK_RUNTIME describe it. Returns 1 with a
# one-line message on stderr when there is none.
whittle_find_java() {
    local candidate best= best_major=0 java
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
        whittle_jdk_read "$candidate" || continue
        if ((WHITTLE_JDK_MAJOR >= WHITTLE_MIN_JAVA && WHITTLE_JDK_MAJOR > best_major)); then
            best=$candidate
            best_major=$WHITTLE_JDK_MAJOR
        fi
    done
    if [[ -n $best ]]; then
        WHITTLE_JAVA_HOME=$best
        whittle_jdk_read "$best"
        return 0
    fi
    echo "whittle: no JDK $WHITTLE_MIN_JAVA or newer found (JAVA_HOME, java on PATH, /usr/lib/jvm): install one (Temurin, or Debian 13's openjdk-21-jdk-headless) or point JAVA_HOME at it." >&2
    return 1
}
