package io.whittle.connector;

import io.whittle.connector.azure.AzureProvider;
import io.whittle.connector.digitalocean.DigitalOceanProvider;
import io.whittle.connector.dockerhub.DockerHubProvider;
import io.whittle.connector.ecr.EcrProvider;
import io.whittle.connector.generic.GenericProvider;
import io.whittle.connector.github.GitHubProvider;
import io.whittle.connector.gitlab.GitLabProvider;
import io.whittle.connector.google.GoogleProvider;
import io.whittle.connector.quay.QuayProvider;

/** The providers Whittle ships, in the order forms and {@code whittle providers} list them. */
public final class StandardProviders {
    private StandardProviders() {
    }

    /** Every provider; ECR role connectors are assumed with Whittle's AWS identity from the environment. */
    public static Providers all() {
        return all(EcrProvider.withEnvironmentIdentity());
    }

    /** Every provider, with this ECR provider (say, one given the server's own AWS identity). */
    public static Providers all(EcrProvider ecr) {
        return Providers.of(new DockerHubProvider(), ecr, new GoogleProvider(), new QuayProvider(),
                new GitHubProvider(), new DigitalOceanProvider(), new AzureProvider(), new GitLabProvider(),
                new GenericProvider());
    }
}
