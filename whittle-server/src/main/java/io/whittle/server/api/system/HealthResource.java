package io.whittle.server.api.system;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.platform.db.Database;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Routes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Probes for orchestrators, open to anyone and telling nothing secret: {@code /healthz} answers while the process
 * serves HTTP (restart it otherwise); {@code /readyz} answers 200 when the database responds and the job workers run
 * (send it traffic), 503 otherwise.
 */
public final class HealthResource implements ApiResource {
    private static final String TAG = "Health";

    private final Database database;
    private final BooleanSupplier jobsRunning;

    public HealthResource(Database database, BooleanSupplier jobsRunning) {
        this.database = Objects.requireNonNull(database, "database");
        this.jobsRunning = Objects.requireNonNull(jobsRunning, "jobsRunning");
    }

    @Override
    public void register(Routes routes) {
        routes.open(HandlerType.GET, "/healthz", d -> d.tag(TAG).summary("Liveness")
                .description("200 while the process serves requests.").returns(HealthBody.class),
                ctx -> ctx.json(new HealthBody("ok", Map.of())));
        routes.open(HandlerType.GET, "/readyz", d -> d.tag(TAG).summary("Readiness")
                .description("200 when the database answers and the job workers run; 503 with the failing checks "
                        + "otherwise.").returns(HealthBody.class).problems(503), this::ready);
    }

    private void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", databaseAnswers() ? "up" : "down");
        checks.put("jobs", jobsRunning.getAsBoolean() ? "up" : "down");
        if (checks.containsValue("down")) {
            throw ApiProblem.unavailable("The server is not ready: " + String.join(" and ",
                    checks.entrySet().stream().filter(e -> e.getValue().equals("down")).map(Map.Entry::getKey)
                            .toList()) + " not available; see the server's log.", Map.of("checks", checks));
        }
        ctx.json(new HealthBody("ready", checks));
    }

    private boolean databaseAnswers() {
        try (Connection c = database.dataSource().getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
