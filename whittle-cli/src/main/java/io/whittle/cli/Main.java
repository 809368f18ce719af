package io.whittle.cli;

/**
 * The {@code whittle} command. Kept tiny: {@code whittle --version} answers before picocli, HTTP or JSON
 * classes are loaded, so that the JVM start is nearly all it costs.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println("whittle " + Version.current());
            return;
        }
        quietLookups(Whittle.commandName(args).filter("server"::equals).isPresent());
        int code = Whittle.run(Io.system(), args);
        if (code != ExitCode.OK) {
            System.exit(code);
        }
        // Success ends by returning: System.exit first looks up a System.LoggerFinder to log the exit, a
        // service-loader scan that opens every jar of the class path (tens of milliseconds with the connectors').
        // The command's threads are daemons; should one that is not outlive it, exit anyway a little later.
        Thread stop = new Straggler();
        stop.setDaemon(true);
        stop.start();
    }

    /**
     * Ends the process when a stray non-daemon thread outlives a successful command. A class rather than a lambda:
     * spinning a lambda's class at the very end of every run costs a couple of milliseconds.
     */
    private static final class Straggler extends Thread {
        Straggler() {
            super("whittle-exit");
        }

        @Override
        public void run() {
            try {
                Thread.sleep(STRAGGLER_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.exit(ExitCode.OK);
        }
    }

    /** How long a successful command waits for a stray non-daemon thread before it exits regardless. */
    static final long STRAGGLER_GRACE_MILLIS = 2000;

    /**
     * Spares the start-up two class-path scans that open every jar (the connectors bring dozens): SLF4J's search
     * for a logging provider (named outright: the no-op one for commands, whose stderr is the user's, and Logback
     * for {@code whittle server}, which logs JSON lines) and picocli's probe for Groovy closures, a
     * class that is never there; and picocli's registering, through reflection, of converters for types no option
     * of Whittle's has ({@code java.sql}, {@code java.time}, {@code Path}): some milliseconds of every command.
     */
    static void quietLookups(boolean server) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(sql|time|nio\\.file)\\..*");
        }
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", server ? "ch.qos.logback.classic.spi.LogbackServiceProvider"
                    : "org.slf4j.nop.NOPServiceProvider");
            // SLF4J announces an explicitly named provider on stderr; the CLI's stderr is for the user.
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }
}
