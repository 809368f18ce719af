package io.whittle.cli.connector;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Optional;

/** Asks for a secret on the terminal without echoing it. */
@FunctionalInterface
public interface SecretPrompt {

    /** What the user typed (empty when they typed nothing). */
    char[] ask(String label);

    /**
     * The terminal's hidden prompt, when the process has an interactive terminal. Newer JDKs hand out a
     * {@link Console} even when the streams are redirected, so {@code Console.isTerminal()} (JDK 22) is asked too,
     * where it exists.
     */
    public static Optional<SecretPrompt> terminal() {
        Console console = System.console();
        if (console == null || !interactive(console)) {
            return Optional.empty();
        }
        return Optional.of(label -> {
            char[] typed = console.readPassword("%s: ", label);
            return typed == null ? new char[0] : typed;
        });
    }

    private static boolean interactive(Console console) {
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: System.console() is null unless there is a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
