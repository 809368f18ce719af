package io.whittle.testkit.emulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TestkitException;
import io.whittle.testkit.TokenIssuer;
import io.whittle.testkit.TokenIssuer.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real registry behind an emulator: a {@code docker-registry} in token mode trusting a {@link TokenIssuer}
 * whose service name is the provider's. The emulator mints the registry's tokens itself ({@link #mint}) with
 * exactly what a credential allows, and reads what the registry holds (repositories, tags, manifests, configs)
 * straight from its storage to answer the provider's listing APIs.
 */
public final class RegistryBackend implements AutoCloseable {
    private final TokenIssuer issuer;
    private final RegistryServer registry;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryBackend(TokenIssuer issuer, RegistryServer registry) {
        this.issuer = issuer;
        this.registry = registry;
    }

    /** Starts a token-mode registry whose tokens carry {@code aud = service} and {@code iss = issuerName}. */
    public static RegistryBackend start(String service, String issuerName) {
        TokenIssuer issuer = TokenIssuer.start(TokenIssuer.Config.defaults().withService(service)
                .withIssuer(issuerName));
        try {
            return new RegistryBackend(issuer, RegistryServer.builder().token(issuer).start());
        } catch (RuntimeException e) {
            issuer.stop();
            throw e;
        }
    }

    public RegistryServer registry() {
        return registry;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    /** The service name tokens are minted for (their {@code aud}). */
    public String service() {
        return issuer.config().service();
    }

    /** A registry token for {@code subject} carrying exactly {@code access}, valid for {@code lifetime}. */
    public String mint(String subject, List<Access> access, Duration lifetime) {
        return issuer.mint(subject, access, lifetime);
    }

    /** A token this backend minted, checked: signature, issuer, audience and expiry. */
    public record VerifiedToken(String subject, List<Access> access, Instant expires) {
        public VerifiedToken {
            access = List.copyOf(access);
        }
    }

    /** Verifies a registry token as the registry would; empty when it is not one of ours or has expired. */
    public Optional<VerifiedToken> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) issuer.certificate().getPublicKey()))) {
                return Optional.empty();
            }
            var claims = jwt.getJWTClaimsSet();
            if (!issuer.config().issuer().equals(claims.getIssuer()) || claims.getAudience() == null
                    || !claims.getAudience().contains(service()) || claims.getExpirationTime() == null
                    || claims.getExpirationTime().toInstant().isBefore(Instant.now())) {
                return Optional.empty();
            }
            List<Access> access = new ArrayList<>();
            Object raw = claims.getClaim("access");
            if (raw instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        List<String> actions = new ArrayList<>();
                        if (m.get("actions") instanceof List<?> as) {
                            as.forEach(a -> actions.add(String.valueOf(a)));
                        }
                        access.add(new Access(String.valueOf(m.get("type")), String.valueOf(m.get("name")), actions));
                    }
                }
            }
            return Optional.of(new VerifiedToken(Optional.ofNullable(claims.getSubject()).orElse(""), access,
                    claims.getExpirationTime().toInstant()));
        } catch (ParseException | JOSEException | ClassCastException e) {
            return Optional.empty();
        }
    }

    // ---- what the registry holds ---------------------------------------------------------------------------

    /** Every repository holding at least one manifest revision, sorted. */
    public List<String> repositories() {
        Path root = reposRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals("_manifests") && Files.isDirectory(p))
                    .map(p -> root.relativize(p.getParent()).toString().replace('\\', '/'))
                    .filter(r -> !manifestDigests(r).isEmpty() || !tags(r).isEmpty())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the registry's repositories", e);
        }
    }

    /** The tags of a repository, sorted; empty when it does not exist. */
    public List<String> tags(String repo) {
        Path dir = repoDir(repo).resolve("_manifests/tags");
        return children(dir).stream().filter(t -> Files.exists(dir.resolve(t).resolve("current/link"))).sorted()
                .toList();
    }

    /** The digest a tag points at. */
    public Optional<Digest> tagDigest(String repo, String tag) {
        Path link = repoDir(repo).resolve("_manifests/tags").resolve(tag).resolve("current/link");
        return readLink(link);
    }

    /** When a tag was last pointed at a manifest (pushed). */
    public Optional<Instant> tagTime(String repo, String tag) {
        Path link = repoDir(repo).resolve("_manifests/tags").resolve(tag).resolve("current/link");
        try {
            return Optional.of(Files.getLastModifiedTime(link).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** When a manifest was pushed to the repository. */
    public Optional<Instant> manifestTime(String repo, Digest digest) {
        try {
            return Optional.of(Files.getLastModifiedTime(revisionLink(repo, digest)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** When the repository was first written. */
    public Optional<Instant> repositoryTime(String repo) {
        try {
            return Optional.of(Files.getLastModifiedTime(repoDir(repo).resolve("_manifests")).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every manifest in a repository, tagged or not, newest first. */
    public List<Digest> manifestDigests(String repo) {
        Path dir = repoDir(repo).resolve("_manifests/revisions/sha256");
        return children(dir).stream().filter(h -> Files.exists(dir.resolve(h).resolve("link")))
                .map(h -> Digest.parse("sha256:" + h))
                .sorted(Comparator.comparing((Digest d) -> manifestTime(repo, d).orElse(Instant.EPOCH)).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** The tags pointing at a manifest, sorted. */
    public List<String> tagsOf(String repo, Digest digest) {
        return tags(repo).stream().filter(t -> tagDigest(repo, t).filter(digest::equals).isPresent()).toList();
    }

    /** What a listing API says about one manifest. */
    public record ImageSummary(Digest digest, String mediaType, long manifestSize, long totalSize,
                               List<Platform> platforms, Optional<String> created) {
        public ImageSummary {
            platforms = List.copyOf(platforms);
        }
    }

    /** A manifest of the repository, summarised; empty when the repository does not hold it. */
    public Optional<ImageSummary> describe(String repo, Digest digest) {
        if (!Files.exists(revisionLink(repo, digest))) {
            return Optional.empty();
        }
        byte[] raw = blob(digest);
        Manifest m = Manifest.parse(raw, Optional.empty());
        if (m instanceof ImageManifest im) {
            Optional<ImageConfig> config = config(im);
            return Optional.of(new ImageSummary(digest, m.mediaType(), raw.length, im.totalSize(),
                    config.map(c -> List.of(c.platform())).orElse(List.of()),
                    config.flatMap(ImageConfig::created)));
        }
        IndexManifest index = (IndexManifest) m;
        long total = raw.length;
        List<Platform> platforms = new ArrayList<>();
        Optional<String> created = Optional.empty();
        for (Descriptor d : index.manifests()) {
            total += d.size();
            d.platform().ifPresent(platforms::add);
            if (Files.exists(blobFile(d.digest())) && Manifest.parse(blob(d.digest()), Optional.of(d.mediaType()))
                    instanceof ImageManifest child) {
                total += child.totalSize();
                if (created.isEmpty()) {
                    created = config(child).flatMap(ImageConfig::created);
                }
            }
        }
        return Optional.of(new ImageSummary(digest, m.mediaType(), raw.length, total, platforms, created));
    }

    private Optional<ImageConfig> config(ImageManifest m) {
        Path f = blobFile(m.config().digest());
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageConfig.parse(Files.readAllBytes(f)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an artifact's config need not be an image config
        }
    }

    /** Removes a tag and only the tag, as the providers' tag-delete APIs do; false when there was no such tag. */
    public boolean untag(String repo, String tag) {
        Path dir = repoDir(repo).resolve("_manifests/tags").resolve(tag);
        if (!Files.exists(dir.resolve("current/link")) || tag.contains("/") || tag.startsWith(".")) {
            return false;
        }
        deleteTree(dir);
        return true;
    }

    /**
     * Deletes a manifest through the registry's own API (which also drops the tags pointing at it); false when
     * the repository does not hold it.
     */
    public boolean deleteManifest(String repo, Digest digest) {
        String token = mint("whittle-emulator", List.of(Access.repository(repo, "delete")), Duration.ofMinutes(1));
        HttpRequest req = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repo + "/manifests/" + digest))
                .header("Authorization", "Bearer " + token).DELETE().build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 202) {
                return true;
            }
            if (status == 404) {
                return false;
            }
            throw new TestkitException("the registry answered " + status + " to deleting " + repo + "@" + digest
                    + ": read its log at " + registry.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach the registry to delete " + repo + "@" + digest, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted while deleting " + repo + "@" + digest, e);
        }
    }

    /** The bytes of a blob or manifest the registry stores. */
    public byte[] blob(Digest digest) {
        try {
            return Files.readAllBytes(blobFile(digest));
        } catch (NoSuchFileException e) {
            throw new TestkitException("the registry holds no blob " + digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        registry.stop();
        issuer.stop();
    }

    private Path blobFile(Digest digest) {
        return registry.blobDataFile(digest);
    }

    private Path reposRoot() {
        return registry.storageDir().resolve("docker/registry/v2/repositories");
    }

    private Path repoDir(String repo) {
        if (repo.contains("..") || repo.startsWith("/")) {
            throw new IllegalArgumentException("'" + repo + "' is not a repository name");
        }
        return reposRoot().resolve(repo);
    }

    private Path revisionLink(String repo, Digest digest) {
        return repoDir(repo).resolve("_manifests/revisions").resolve(digest.algorithm().prefix()).resolve(digest.hex())
                .resolve("link");
    }

    private static Optional<Digest> readLink(Path link) {
        try {
            return Optional.of(Digest.parse(Files.readString(link, StandardCharsets.US_ASCII).trim()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
