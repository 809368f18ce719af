# Sourced by bin/whittle: the start-up archive for the CLI's jars on the JDK at hand, made by a training run
# (io.whittle.cli.Training) that copies images between in-memory registries and OCI layouts.
#
#   JDK 25 and newer   the AOT cache (JEP 483/514/515): classes loaded and linked, call sites resolved, method
#                      profiles that let the JIT compile the copy loops early;
#   JDK 21 to 24       a static class-data-sharing archive (AppCDS) from the training run's class list.
#
# One archive per JDK build, per checkout, per kind and per workload, named after a hash of them, in
# $XDG_CACHE_HOME/whittle (else ~/.cache/whittle). WHITTLE_ARCHIVE_WORKLOAD names the workload: empty for the archive
# of every command, `copy` for that of `whittle copy` (io.whittle.cli.Training copy), which holds fewer classes. An
# archive is stale when a jar of the CLI is newer; it is then trained again, in the background by default, and
# replaced by a rename, so that a launcher never maps half an archive. Nothing here fails the command: without a
# writable cache, or while the archive is being trained, the CLI runs without one. The JVM itself checks an archive
# against the jars and the JDK, and ignores one that does not match.
#
# WHITTLE_ARCHIVE=auto (default: train in the background when needed), sync (train now, before the command;
# benchmarks use it), off (no archive). WHITTLE_ARCHIVE_KIND=aot or cds forces the kind (cds tests the JDK 21 path
# on a newer JDK).

# A short hash of $1 in REPLY (djb2, 32 bits): keeps archive names short whatever the paths. Builtins only.
whittle_hash() {
    local s=$1 h=5381 i c
    for ((i = 0; i < ${#s}; i++)); do
        printf -v c '%d' "'${s:i:1}"
        h=$(((h * 33 + c) & 0xFFFFFFFF))
    done
    printf -v REPLY '%08x' "$h"
}

# Sets WHITTLE_ARCHIVE_KIND (aot or cds) and WHITTLE_ARCHIVE_PATH for the JDK found by whittle_find_java and the
# checkout at $1; returns 1 (no archive) when off or when the cache directory cannot be written.
whittle_archive_locate() {
    local root=$1 cache
    [[ ${WHITTLE_ARCHIVE:-auto} == off ]] && return 1
    WHITTLE_ARCHIVE_KIND=${WHITTLE_ARCHIVE_KIND:-}
    if [[ -z $WHITTLE_ARCHIVE_KIND ]]; then
        if ((WHITTLE_JDK_MAJOR >= 25)); then WHITTLE_ARCHIVE_KIND=aot; else WHITTLE_ARCHIVE_KIND=cds; fi
    fi
    cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/whittle
    [[ -d $cache ]] || mkdir -p "$cache" 2>/dev/null || return 1
    [[ -w $cache ]] || return 1
    whittle_hash "$WHITTLE_JAVA_HOME|$WHITTLE_JDK_RUNTIME|$root"
    WHITTLE_ARCHIVE_PATH=$cache/whittle-$WHITTLE_JDK_MAJOR-$REPLY${WHITTLE_ARCHIVE_WORKLOAD:+-$WHITTLE_ARCHIVE_WORKLOAD}
    WHITTLE_ARCHIVE_PATH+=.$WHITTLE_ARCHIVE_KIND
}

# True when file $3 (by default the archive) exists and no jar of the CLI ($1, and those in directory $2) is newer.
whittle_archive_fresh() {
    local jar=$1 lib=$2 file=${3:-$WHITTLE_ARCHIVE_PATH} f
    [[ -s $file && ! $jar -nt $file ]] || return 1
    for f in "$lib"/*.jar; do
        [[ $f -nt $file ]] && return 1
    done
    return 0
}

# JVM options that silence the archive's own messages (a missing, stale or foreign archive is expected, and the
# JVM then runs without it), in WHITTLE_ARCHIVE_QUIET.
whittle_archive_quiet() {
    WHITTLE_ARCHIVE_QUIET=(-Xlog:cds*=off:stderr)
    ((WHITTLE_JDK_MAJOR >= 25)) && WHITTLE_ARCHIVE_QUIET+=(-Xlog:aot*=off:stderr)
}

# Makes the archive now, in the foreground, with JVM options "$@" and the class path $WHITTLE_ARCHIVE_CLASSPATH:
# written aside, then renamed over the old one. Says nothing (the command's output is the user's). Returns 1 when
# the training or the dump failed, and then replaces nothing.
whittle_archive_train() {
    local java=$WHITTLE_JAVA_HOME/bin/java tmp=$WHITTLE_ARCHIVE_PATH.$$.tmp ok=1 limit=() workload=()
    [[ -n ${WHITTLE_ARCHIVE_WORKLOAD:-} ]] && workload=("$WHITTLE_ARCHIVE_WORKLOAD")
    whittle_archive_quiet
    # Marks the start: an archive of jars rebuilt meanwhile would be taken for fresh, and never match them.
    { echo "$$" >"$tmp.start"; } 2>/dev/null || return 1
    # A training that hangs must not hold the lock for good (it takes seconds).
    command -v timeout >/dev/null && limit=(timeout 300)
    if [[ $WHITTLE_ARCHIVE_KIND == aot ]]; then
        "${limit[@]}" "$java" "$@" "${WHITTLE_ARCHIVE_QUIET[@]}" "-XX:AOTCacheOutput=$tmp" -cp "$WHITTLE_ARCHIVE_CLASSPATH" \
            io.whittle.cli.Training "${workload[@]}" </dev/null >/dev/null 2>&1 && ok=0
    else
        "${limit[@]}" "$java" "$@" "${WHITTLE_ARCHIVE_QUIET[@]}" "-XX:DumpLoadedClassList=$tmp.classes" \
            -cp "$WHITTLE_ARCHIVE_CLASSPATH" io.whittle.cli.Training "${workload[@]}" </dev/null >/dev/null 2>&1 \
            && "${limit[@]}" "$java" "$@" "${WHITTLE_ARCHIVE_QUIET[@]}" -Xshare:dump "-XX:SharedClassListFile=$tmp.classes" \
                "-XX:SharedArchiveFile=$tmp" -cp "$WHITTLE_ARCHIVE_CLASSPATH" </dev/null >/dev/null 2>&1 \
            && ok=0
    fi
    if ((ok == 0)) && [[ -s $tmp ]] && whittle_archive_fresh "$WHITTLE_ARCHIVE_JAR" "$WHITTLE_ARCHIVE_LIB" "$tmp.start" \
        && mv -f "$tmp" "$WHITTLE_ARCHIVE_PATH"; then
        rm -f "$tmp.start" "$tmp.classes" "$tmp.config"
        return 0
    fi
    rm -f "$tmp" "$tmp.start" "$tmp.classes" "$tmp.config"
    return 1
}

# As whittle_archive_train, in the background at low priority, detached from this command and its terminal, and
# only one at a time per archive (when flock is there; two at once would only do the work twice).
whittle_archive_train_later() {
    local lock=$WHITTLE_ARCHIVE_PATH.lock
    (
        if command -v flock >/dev/null; then
            exec 9>"$lock" || exit 0
            flock -n 9 || exit 0
        fi
        # Between the check and the lock, another trainer may have finished.
        whittle_archive_fresh "$WHITTLE_ARCHIVE_JAR" "$WHITTLE_ARCHIVE_LIB" && exit 0
        command -v renice >/dev/null && renice -n 10 "$BASHPID" >/dev/null 2>&1
        whittle_archive_train "$@"
    ) </dev/null >/dev/null 2>&1 &
    disown 2>/dev/null
    return 0
}

# Sets WHITTLE_ARCHIVE_OPTS to the JVM options that use the archive of the checkout at $1 for jar $2 with its
# libraries in directory $3, training it first (WHITTLE_ARCHIVE=sync, or $4 is "now") or in the background
# (otherwise) when it is missing or stale; the training runs with the JVM options that follow. Empty when there is
# no archive to use yet.
whittle_archive_options() {
    local root=$1 jar=$2 lib=$3 when=$4
    shift 4
    WHITTLE_ARCHIVE_OPTS=()
    whittle_archive_locate "$root" || return 0
    WHITTLE_ARCHIVE_JAR=$jar
    WHITTLE_ARCHIVE_LIB=$lib
    WHITTLE_ARCHIVE_CLASSPATH=$jar
    if ! whittle_archive_fresh "$jar" "$lib"; then
        if [[ $when == now || ${WHITTLE_ARCHIVE:-auto} == sync ]]; then
            whittle_archive_train "$@" || return 0
        else
            whittle_archive_train_later "$@"
            return 0
        fi
    fi
    whittle_archive_quiet
    if [[ $WHITTLE_ARCHIVE_KIND == aot ]]; then
        WHITTLE_ARCHIVE_OPTS=("-XX:AOTCache=$WHITTLE_ARCHIVE_PATH" "${WHITTLE_ARCHIVE_QUIET[@]}")
    else
        WHITTLE_ARCHIVE_OPTS=("-XX:SharedArchiveFile=$WHITTLE_ARCHIVE_PATH" "${WHITTLE_ARCHIVE_QUIET[@]}")
    fi
}
