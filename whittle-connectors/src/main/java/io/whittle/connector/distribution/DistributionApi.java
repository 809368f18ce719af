package io.whittle.connector.distribution;

import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagInfo;
import io.whittle.connector.TagPage;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.registry.Page;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.RegistryRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every registry offers through the OCI distribution API, for the providers whose own API does not replace it:
 * the catalog, tag lists (with each tag's digest from a HEAD), deleting a tag by manifest DELETE, and the push probe.
 */
public final class DistributionApi {
    private final RegistryClient client;
    private final String registryHost;

    public DistributionApi(RegistryClient client, String registryHost) {
        this.client = Objects.requireNonNull(client, "client");
        this.registryHost = Objects.requireNonNull(registryHost, "registryHost");
    }

    /** Proves the registry answers and accepts the credentials. */
    public void ping() throws IOException {
        client.ping(registryHost);
    }

    /** One page of {@code GET /v2/_catalog}. */
    public RepositoryPage catalog(Optional<String> token, int pageSize) throws IOException {
        Page p = client.catalogPage(registryHost, pageSize, token);
        return new RepositoryPage(p.items().stream().map(RepositoryInfo::named).toList(), p.next());
    }

    /** One page of {@code tags/list}; with {@code digests}, each tag's manifest is found with a HEAD (not a pull). */
    public TagPage tags(String repository, Optional<String> token, int pageSize, boolean digests) throws IOException {
        RegistryRepository repo = client.repository(registryHost, repository);
        Page p = repo.tagsPage(pageSize, token);
        List<TagInfo> items = new ArrayList<>();
        for (String tag : p.items()) {
            if (!digests) {
                items.add(TagInfo.named(tag));
                continue;
            }
            Optional<Descriptor> d = repo.headManifest(tag);
            items.add(new TagInfo(tag, d.map(Descriptor::digest), d.map(Descriptor::mediaType),
                    d.flatMap(Descriptor::platform).map(List::of).orElse(List.of()),
                    java.util.OptionalLong.empty(),
                    Optional.empty()));
        }
        return new TagPage(items, p.next());
    }

    /**
     * {@code DELETE /v2/<repo>/manifests/<tag>}, which registries that support tag deletion honour. Where the registry
     * deletes only by digest (CNCF distribution), the manifest is deleted by digest when no other tag points to it
     * (checked with HEADs over the repository's tags, up to {@value #MAX_TAGS_CHECKED}); otherwise nothing is deleted
     * and the other tags are named.
     */
    public void deleteTag(String repository, String tag) throws IOException {
        RegistryRepository repo = client.repository(registryHost, repository);
        try {
            repo.deleteManifest(tag);
            return;
        } catch (AccessException e) {
            if (e.failure() != Failure.UNSUPPORTED) {
                throw e;
            }
        }
        String subject = registryHost + "/" + repository + ":" + tag;
        Descriptor target = repo.headManifest(tag).orElseThrow(() -> new AccessException(Failure.NOT_FOUND,
                "delete tag", subject, "delete tag " + subject + ": the repository has no tag " + tag
                + ": list its tags with whittle images"));
        List<String> others = new ArrayList<>();
        List<String> tags = repo.tags();
        if (tags.size() > MAX_TAGS_CHECKED) {
            throw new AccessException(Failure.UNSUPPORTED, "delete tag", subject, "delete tag " + subject + ": this"
                    + " registry deletes only whole manifests, and the repository has too many tags to check that no"
                    + " other tag shares it: delete it with the registry's own tools");
        }
        for (String other : tags) {
            if (!other.equals(tag) && repo.headManifest(other).map(d -> d.digest().equals(target.digest()))
                    .orElse(false)) {
                others.add(other);
            }
        }
        if (!others.isEmpty()) {
            throw new AccessException(Failure.UNSUPPORTED, "delete tag", subject, "delete tag " + subject + ": this"
                    + " registry deletes only whole manifests, and " + String.join(", ", others) + " point to the same"
                    + " one: delete or move those tags first");
        }
        repo.deleteManifest(target.digest().toString());
    }

    static final int MAX_TAGS_CHECKED = 1000;

    /**
     * Whether the credential may push to {@code repository}, found without writing anything: the registry is asked
     * to open an upload session, which is cancelled at once ({@link RegistryRepository#canPush()}). A refusal means
     * read-only; any other failure is reported.
     */
    public Access probePush(String repository) throws IOException {
        return client.repository(registryHost, repository).canPush() ? Access.READ_WRITE : Access.READ_ONLY;
    }

    public RegistryClient client() {
        return client;
    }

    public String registryHost() {
        return registryHost;
    }
}
