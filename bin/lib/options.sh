# shellcheck shell=bash
# The JVM options for a Whittle command, shared by the checkout's bin/whittle and the distribution's launcher.
#
# whittle_command_options ARGS...: sets WHITTLE_COMMAND (the first argument that is neither a global option nor an
# option's value, as Whittle reads it), WHITTLE_ARCHIVE_WORKLOAD (copy: it has a start-up archive of its own, see
# startup.sh) and the array WHITTLE_OPTS.
#
# Commands last a fraction of a second to a few:
# -XX:-UsePerfData: no hsperfdata file to create (jcmd PID still attaches; jps just does not list the CLI).
# -XX:CompileThresholdScaling=10: compiling a command's start-up code costs more than interpreting it (a third of a
# warm copy's CPU). A copy's Java code runs once per manifest or per buffer of 128 kB, its bytes go through SHA-256
# and the sockets, so it compiles even less (100: a tenth less CPU for a copy that finds everything in place, none
# more for one that moves 300 MB); other commands may parse large JSON (tag lists), which wants compiling sooner.
# SHA-256 only C2 turns into the CPU's SHA instructions (ten times C1's speed: C1 alone makes a cold copy twice as
# slow): its thresholds are lowered instead (CompileCommand=quiet keeps the JVM from announcing that on stdout).
# JVM warnings go to stderr: stdout carries the command's output, JSON included.
#
# `whittle server` runs for days: the JVM's own defaults (G1, normal compilation, hsperfdata for jps/jstat), and it
# ends on running out of memory rather than limping on, so that a supervisor restarts it.
whittle_command_options() {
    WHITTLE_COMMAND=
    local skip=false arg
    for arg in "$@"; do
        if [[ $skip == true ]]; then
            skip=false
            continue
        fi
        case $arg in
            -o | --output | --platform | --data-dir | --server) skip=true ;;
            -*) ;;
            *)
                WHITTLE_COMMAND=$arg
                break
                ;;
        esac
    done
    WHITTLE_ARCHIVE_WORKLOAD=
    [[ $WHITTLE_COMMAND == copy ]] && WHITTLE_ARCHIVE_WORKLOAD=copy
    if [[ $WHITTLE_COMMAND == server ]]; then
        WHITTLE_OPTS=(-XX:+ExitOnOutOfMemoryError -Xlog:disable -Xlog:all=warning:stderr)
        return 0
    fi
    local scaling=10
    [[ $WHITTLE_ARCHIVE_WORKLOAD == copy ]] && scaling=100
    # xray inflates, parses and hashes every byte of every layer: its loops want C2 sooner than other commands,
    # but at the JVM's defaults (1) C2 takes 2 s of CPU on the big benchmark image; 5 saves a third of that, and the
    # loops still compile within the first layer (3 and 10 cost more CPU in all).
    [[ $WHITTLE_COMMAND == xray ]] && scaling=5
    WHITTLE_OPTS=(-XX:+UseSerialGC -XX:-UsePerfData "-XX:CompileThresholdScaling=$scaling" -XX:CompileCommand=quiet
        '-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.01'
        -Xlog:disable -Xlog:all=warning:stderr)
    # The merge of an X-ray's layers runs once, on one thread, while the other core idles: compiled early it takes
    # a quarter less wall time.
    [[ $WHITTLE_COMMAND == xray ]] && WHITTLE_OPTS+=('-XX:CompileCommand=CompileThresholdScaling,io.whittle.xray.fs.*::*,0.1')
    return 0
}
