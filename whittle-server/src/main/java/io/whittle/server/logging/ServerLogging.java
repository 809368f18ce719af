package io.whittle.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Logging set up in code, as logback's {@link Configurator} service: JSON lines ({@link JsonLogEncoder}, secrets
 * masked). Until a server starts, only warnings are written, to standard error, so that a command-line tool sharing
 * the class path stays quiet; {@link #activate()} (called by the server at start) switches to INFO on standard
 * output with the chattier libraries kept at WARN. An operator's own {@code logback.xml} (on the class path or named
 * by {@code -Dlogback.configurationFile}) takes precedence over both.
 */
public final class ServerLogging extends ContextAwareBase implements Configurator {
    static final String APPENDER = "whittle-json";
    private static final String[] CHATTY = {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb",
        "software.amazon.awssdk", "org.apache.hc", "com.github.kagkarlsson", "io.javalin"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ServerLogging.class.getClassLoader().getResource("logback.xml") != null
                || ServerLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console(context, "System.err"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Server logging: INFO and above as JSON lines on standard output. Does nothing when logback is not the logging
     * backend or an operator's configuration is in charge (no appender of this class is installed).
     */
    public static synchronized void activate() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> current = root.getAppender(APPENDER);
        if (!(current instanceof ConsoleAppender<ILoggingEvent> console)) {
            return;
        }
        if (!"System.out".equals(console.getTarget())) {
            root.detachAppender(current);
            current.stop();
            root.addAppender(console(context, "System.out"));
        }
        root.setLevel(Level.INFO);
        for (String chatty : CHATTY) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String target) {
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(APPENDER);
        console.setTarget(target);
        console.setEncoder(encoder);
        console.setImmediateFlush(true);
        console.start();
        return console;
    }
}
