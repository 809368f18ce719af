package io.whittle.cli.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.ExitCode;
import io.whittle.cli.Io;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.OutputFormat;
import io.whittle.cli.Sizes;
import io.whittle.cli.UsageException;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.TagInfo;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.oci.Platform;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle images --connector ID [REPO]}: the repositories a connector can see, or one repository's tags with
 * digest, platforms, size and date where the provider's API gives them. Listing goes through the provider's API where
 * the registry's catalog does not serve (Docker Hub, GHCR, ECR, GitLab…).
 */
@Command(name = "images", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"List the repositories a connector can see, or the tags of one repository.",
                "Tags come with digest, platforms, size and date where the provider gives them."})
public final class ImagesCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    @Option(names = "--connector", required = true, paramLabel = "ID", description = "The connector to list with.")
    String connector;

    @Parameters(paramLabel = "REPO", arity = "0..1",
            description = "A repository (team/app, or with the registry host); without it, the repositories.")
    String repository;

    @Option(names = "--limit", paramLabel = "N", description = "List at most N entries (default: ${DEFAULT-VALUE}).")
    int limit = 1000;

    public ImagesCommand() {
    }

    @Override
    public Integer call() throws IOException {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, not " + limit);
        }
        Optional<RemoteConnectors> remote = whittle.server().map(RemoteConnectors::new);
        ConnectorId id = ConnectorErrors.id(connector);
        Io io = whittle.io();
        boolean json = whittle.output() == OutputFormat.JSON;
        ConnectorService service = remote.isPresent() ? null
                : ConnectorErrors.call(() -> whittle.connectors().platform().serviceFor(id));
        Connector c = ConnectorErrors.call(() -> remote.isPresent() ? remote.get().show(id)
                : service.show(ConnectorPlatform.ORG, id));
        if (repository == null) {
            List<RepositoryInfo> repos = ConnectorErrors.call(() -> remote.isPresent()
                    ? remote.get().repositories(id, limit)
                    : service.allRepositories(ConnectorPlatform.ORG, id, limit));
            if (json) {
                ObjectNode n = head(c);
                var a = n.putArray("repositories");
                for (RepositoryInfo r : repos) {
                    var o = a.addObject();
                    o.put("name", r.name());
                    nullable(o, "updatedAt", r.updatedAt().map(Object::toString));
                    if (r.isPrivate().isPresent()) {
                        o.put("private", r.isPrivate().get());
                    } else {
                        o.putNull("private");
                    }
                }
                JsonOutput.print(io.out(), n);
            } else {
                Table t = new Table("REPOSITORY", "UPDATED", "PRIVATE");
                repos.forEach(r -> t.row(r.name(), Table.time(r.updatedAt()),
                        r.isPrivate().map(p -> p ? "yes" : "no").orElse("-")));
                t.print(io.out());
            }
            return ExitCode.OK;
        }
        String repo = repositoryName(c);
        List<TagInfo> tags = ConnectorErrors.call(() -> remote.isPresent() ? remote.get().tags(id, repo, limit)
                : service.allTags(ConnectorPlatform.ORG, id, repo, limit));
        if (json) {
            ObjectNode n = head(c);
            n.put("repository", repo);
            var a = n.putArray("tags");
            for (TagInfo t : tags) {
                var o = a.addObject();
                o.put("name", t.name());
                nullable(o, "digest", t.digest().map(Digest::toString));
                nullable(o, "mediaType", t.mediaType());
                var p = o.putArray("platforms");
                t.platforms().forEach(x -> p.add(x.toString()));
                if (t.size().isPresent()) {
                    o.put("size", t.size().getAsLong());
                } else {
                    o.putNull("size");
                }
                nullable(o, "updatedAt", t.updatedAt().map(Object::toString));
            }
            JsonOutput.print(io.out(), n);
        } else {
            Table t = new Table("TAG", "DIGEST", "PLATFORMS", "SIZE", "UPDATED");
            for (TagInfo tag : tags) {
                t.row(tag.name(), tag.digest().map(Digest::toString).orElse("-"),
                        tag.platforms().isEmpty() ? "-" : String.join(",", tag.platforms().stream()
                                .map(Platform::toString).toList()),
                        tag.size().isPresent() ? Sizes.human(tag.size().getAsLong()) : "-",
                        Table.time(tag.updatedAt()));
            }
            t.print(io.out());
        }
        return ExitCode.OK;
    }

    /** The repository path after the registry host, which may be written in front of it. */
    private String repositoryName(Connector c) {
        String r = repository.strip();
        String prefix = c.registryHost() + "/";
        if (r.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
            r = r.substring(prefix.length());
        }
        if (r.isEmpty() || r.contains("@") || r.lastIndexOf(':') > r.lastIndexOf('/')) {
            throw new UsageException("'" + repository + "' is not a repository: name one such as team/app, without"
                    + " a tag or digest");
        }
        return r;
    }

    private static ObjectNode head(Connector c) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("connector", c.id().toString());
        n.put("registry", c.registryHost());
        return n;
    }

    private static void nullable(ObjectNode n, String field, Optional<String> v) {
        if (v.isPresent()) {
            n.put(field, v.get());
        } else {
            n.putNull(field);
        }
    }
}
