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
        int code = Whittle.run(Io.system(), args);
        System.exit(code);
    }
}
