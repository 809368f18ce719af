package io.whittle.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Where a command writes, and what it may read of its surroundings. Tests give their own streams and
 * environment and run commands in-process.
 *
 * @param stdout   raw bytes of standard output, for {@code --raw}; {@link #out} writes to the same stream
 * @param out      data the command prints (UTF-8)
 * @param err      errors and progress (UTF-8)
 * @param env      environment variables (DOCKER_CONFIG, HOME…)
 * @param terminal true when {@link #err} is a terminal, so progress may be redrawn in place
 * @param stdin    standard input, for secrets piped in ({@code connector add --secret-stdin KEY})
 */
public record Io(OutputStream stdout, PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal,
                 InputStream stdin) {

    public Io {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
    }

    /** Streams without standard input (reading it finds nothing). */
    public Io(OutputStream stdout, PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal) {
        this(stdout, out, err, env, terminal, InputStream.nullInputStream());
    }

    /** The same streams reading standard input from {@code in}. */
    public Io withStdin(InputStream in) {
        return new Io(stdout, out, err, env, terminal, in);
    }

    /** Streams over the given byte sinks, UTF-8 text, no terminal. */
    public static Io of(OutputStream stdout, OutputStream stderr, Map<String, String> env) {
        return new Io(stdout, writer(stdout), writer(stderr), env, false);
    }

    /** The process's own streams and environment. */
    static Io system() {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        return new Io(stdout, writer(stdout), writer(stderr), System.getenv(), isTerminal(),
                new FileInputStream(FileDescriptor.in));
    }

    private static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** The launcher knows best (it tests stderr); without it, ask the JVM whether there is a console. */
    private static boolean isTerminal() {
        String told = System.getProperty("whittle.terminal");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }
}
