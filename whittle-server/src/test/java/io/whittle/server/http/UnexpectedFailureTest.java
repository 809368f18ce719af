package io.whittle.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.whittle.connector.FieldProblem;
import io.whittle.connector.InvalidFieldsException;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.DuplicateConnectorNameException;
import io.whittle.server.metrics.ServerMetrics;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.LogCapture;
import io.whittle.server.testing.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exception mapping on a bare Javalin app with routes that throw what services throw. */
class UnexpectedFailureTest {
    private static final String CANARY = "wht_CanaryCanaryCanaryCanaryCanaryCanary123";
    private static Javalin app;
    private static Client client;

    @BeforeAll
    static void start() {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            ExceptionMapping.install(cfg.routes);
            new RequestTracking(new ServerMetrics()).install(cfg);
            Routes routes = new Routes(cfg.routes, ctx -> Optional.empty());
            routes.open(HandlerType.GET, "/boom", d -> d.summary("fails"), ctx -> {
                throw new IllegalStateException("internal detail with token " + CANARY);
            });
            routes.open(HandlerType.GET, "/connector", d -> d.summary("missing"), ctx -> {
                throw new ConnectorNotFoundException(ConnectorId.DOCKERHUB_PUBLIC);
            });
            routes.open(HandlerType.GET, "/duplicate", d -> d.summary("duplicate"), ctx -> {
                throw new DuplicateConnectorNameException("prod");
            });
            routes.open(HandlerType.GET, "/fields", d -> d.summary("fields"), ctx -> {
                throw new InvalidFieldsException("generic", List.of(FieldProblem.of("url", "The URL is not http(s)."),
                        FieldProblem.general("Something else is wrong.")));
            });
        }).start("127.0.0.1", 0);
        client = Client.of(URI.create("http://127.0.0.1:" + app.port()));
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void anUnexpectedExceptionIsAGeneric500AndItsDetailsGoOnlyToTheLogRedacted() {
        try (LogCapture log = LogCapture.start()) {
            Response r = client.get("/boom").expect(500);
            ProblemDetailsTest.assertProblem(r, 500, "/boom");
            String requestId = r.json().get("requestId").asText();
            assertThat(r.body()).doesNotContain("internal detail").doesNotContain(CANARY);
            assertThat(r.json().get("detail").asText()).contains(requestId);
            assertThat(log.text()).contains("internal detail with token wht_****").contains(requestId)
                    .doesNotContain(CANARY);
        }
    }

    @Test
    void platformAndConnectorExceptionsMapToTheirStatuses() {
        ProblemDetailsTest.assertProblem(client.get("/connector").expect(404), 404, "/connector");
        ProblemDetailsTest.assertProblem(client.get("/duplicate").expect(409), 409, "/duplicate");
        Response fields = client.get("/fields").expect(422);
        assertThat(fields.json().get("errors")).hasSize(2);
        assertThat(fields.json().get("errors").get(0).get("field").asText()).isEqualTo("url");
        assertThat(fields.json().get("errors").get(1).get("field").isNull()).isTrue();
    }
}
