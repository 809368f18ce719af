package io.whittle.server.http;

/** A group of routes about one kind of resource (connectors, jobs, tokens, …), registered at start-up. */
public interface ApiResource {
    void register(Routes routes);
}
