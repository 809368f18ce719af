package io.whittle.server;

import io.whittle.connector.ConnectorService;
import io.whittle.connector.ProviderContext;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.ApiTokens;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.account.Setup;
import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.metrics.ServerMetrics;
import java.time.Clock;

/**
 * The services a running server is made of, built once by {@link WhittleServer} and handed to the API resources
 * and job handlers that {@link Components} lists. The job service is not here: job handlers are built before it,
 * and resources receive it separately.
 *
 * @param providerContext the outbound policy (the server's: private addresses denied unless allow-listed),
 *        timeouts, retries and HTTP clients that every registry and provider call uses
 */
public record Services(ServerConfig config, Clock clock, Database database, OrganizationStore organizations,
                       AccountStore accounts, Memberships memberships, ApiTokens tokens, Sessions sessions, Setup setup,
                       ProviderContext providerContext, ConnectorService connectors, ServerMetrics metrics) {
}
