package io.whittle.platform.job;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A server process's job workers, for {@link JobCrashTest}: {@code h2 DIR LOG} or {@code pg URL USER LOG} opens the
 * database and runs a job service whose {@code crashy} handler appends {@code started by child} to LOG and then
 * hangs, until the test kills the process.
 */
public final class JobWorkerProcess {
    private JobWorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseConfig config = args[0].equals("h2") ? DatabaseConfig.embedded(Path.of(args[1]))
                : DatabaseConfig.postgres(args[1], Optional.of(args[2]), Optional.empty());
        Path log = Path.of(args[args.length - 1]);
        Database db = Database.open(config);
        JobService jobs = new JobService(db, Clock.systemUTC(), List.of(crashy("child", log, true)),
                Jobs.quick("child"));
        jobs.start();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Records each start in {@code log}; hangs when {@code hang}, else succeeds naming {@code who}. */
    static JobHandler crashy(String who, Path log, boolean hang) {
        return Jobs.handler("crashy", context -> {
            Files.writeString(log, "started by " + who + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            context.progress(30, "working in " + who);
            if (hang) {
                Thread.sleep(Long.MAX_VALUE);
            }
            return "{\"finishedBy\":\"" + who + "\"}";
        });
    }
}
