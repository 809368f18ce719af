package io.whittle.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to an image, normalized as Docker and containerd normalize it: {@code nginx} is
 * {@code docker.io/library/nginx:latest}. A reference may carry a tag, a digest, or both
 * ({@code repo:tag@sha256:…}, where the digest decides what is fetched).
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

    public static final String DOCKER_HUB = "docker.io";
    /** The Docker Hub host that Docker rewrites to {@link #DOCKER_HUB}. */
    public static final String LEGACY_DOCKER_HUB = "index.docker.io";
    public static final String DEFAULT_TAG = "latest";
    /** distribution/reference's limit, counted on the repository path without the registry host. */
    public static final int REPOSITORY_LENGTH_MAX = 255;

    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        check(registry + "/" + repository + tag.map(t -> ":" + t).orElse(""), registry, repository, tag);
    }

    /** Validates the parts, quoting {@code whole} (what the user typed, when parsing) in the message. */
    private static void check(String whole, String registry, String repository, Optional<String> tag) {
        if (!DOMAIN.matcher(registry).matches()) {
            throw invalid(whole, "'" + registry + "' is not a valid registry host");
        }
        checkRepository(whole, repository);
        tag.ifPresent(t -> {
            if (!TAG.matcher(t).matches()) {
                throw invalid(whole, "the tag '" + t + "' is invalid: a tag is 1-128 characters of letters, digits, '_',"
                        + " '.' and '-', not starting with '.' or '-'");
            }
        });
    }

    /** Parses a reference the way {@code docker pull} does. */
    public static ImageReference parse(String value) {
        Objects.requireNonNull(value, "reference");
        if (value.isEmpty()) {
            throw invalid(value, "the image reference is empty");
        }
        if (!value.strip().equals(value)) {
            throw invalid(value, "it has leading or trailing white space");
        }
        // Docker refuses a bare 64-hex name because it reads like an image ID; with a tag or host it is a name.
        if (HEX64.matcher(value).matches()) {
            throw invalid(value, "a 64-character hexadecimal string looks like an image ID and cannot be used as"
                    + " a repository name");
        }
        String rest = value;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            try {
                digest = Optional.of(Digest.parse(d));
            } catch (InvalidDigestException e) {
                throw invalid(value, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (tag.get().isEmpty()) {
                throw invalid(value, "the tag after ':' is empty");
            }
        }
        if (rest.isEmpty()) {
            throw invalid(value, "the repository name is missing");
        }
        String registry;
        String repository;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT)))) {
            registry = first;
            repository = rest.substring(slash + 1);
        } else {
            registry = DOCKER_HUB;
            repository = rest;
        }
        // Docker rewrites only the legacy index host; registry-1.docker.io stays as written, without "library/".
        if (registry.equals(LEGACY_DOCKER_HUB)) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
            throw invalid(value, "repository names must be lowercase ('" + repository.toLowerCase(Locale.ROOT)
                    + "' would be valid)");
        }
        check(value, registry, repository, tag);
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(DEFAULT_TAG);
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    private static void checkRepository(String whole, String repository) {
        if (repository.isEmpty()) {
            throw invalid(whole, "the repository name is missing");
        }
        if (repository.length() > REPOSITORY_LENGTH_MAX) {
            throw invalid(whole, "the repository path '" + repository.substring(0, 20) + "…' has "
                    + repository.length() + " characters, more than the " + REPOSITORY_LENGTH_MAX + " allowed");
        }
        for (String component : repository.split("/", -1)) {
            if (component.isEmpty()) {
                throw invalid(whole, "the repository name has an empty path component (a double or trailing '/')");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (!component.equals(component.toLowerCase(Locale.ROOT))) {
                    throw invalid(whole, "repository names must be lowercase");
                }
                throw invalid(whole, "the path component '" + component
                        + "' is invalid: use lowercase letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
    }

    private static InvalidReferenceException invalid(String value, String why) {
        return new InvalidReferenceException("'" + value + "' is not a valid image reference: " + why + ".");
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Optional.of(newDigest));
    }

    /** Same repository, digest only: what a by-digest fetch uses. */
    public ImageReference pinned(Digest d) {
        return new ImageReference(registry, repository, Optional.empty(), Optional.of(d));
    }

    /** What the registry API takes after {@code /manifests/}: the digest when there is one, else the tag. */
    public String identifier() {
        return digest.map(Digest::toString).orElseGet(() -> tag.orElse(DEFAULT_TAG));
    }

    /** {@code registry/repository}. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
