package io.whittle.oci.layout;

import io.whittle.oci.Digest;
import io.whittle.oci.InvalidDigestException;
import io.whittle.oci.InvalidReferenceException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in an OCI layout directory as skopeo and umoci name it: {@code oci:DIR}, {@code oci:DIR:TAG}, or
 * {@code oci:DIR@sha256:…}. As in skopeo, the directory ends at the first ':' after the prefix, so a
 * directory name cannot contain ':'.
 */
public record LayoutReference(Path directory, Optional<String> tag, Optional<Digest> digest) {

    public static final String PREFIX = "oci:";

    /**
     * The grammar of {@code org.opencontainers.image.ref.name} in the image spec: components of letters and
     * digits joined by one of {@code - . _ : @ +} or {@code --}, separated by '/'.
     */
    private static final String COMPONENT = "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*";
    private static final Pattern TAG = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern WITH_DIGEST = Pattern.compile("(.+)@([a-z0-9]+:[0-9a-zA-Z]+)");

    public LayoutReference {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (directory.toString().isEmpty()) {
            throw new InvalidReferenceException("the OCI layout reference names no directory: write oci:DIR[:TAG]");
        }
        if (tag.isPresent() && digest.isPresent()) {
            throw new InvalidReferenceException("an OCI layout reference takes a tag or a digest, not both");
        }
        tag.ifPresent(LayoutReference::checkTag);
    }

    public static LayoutReference of(Path directory) {
        return new LayoutReference(directory, Optional.empty(), Optional.empty());
    }

    public static LayoutReference of(Path directory, String tag) {
        return new LayoutReference(directory, Optional.of(tag), Optional.empty());
    }

    /** True when {@code value} is meant as a layout reference (starts with {@code oci:}). */
    public static boolean isLayoutReference(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public static LayoutReference parse(String value) {
        Objects.requireNonNull(value, "reference");
        if (!isLayoutReference(value)) {
            throw new InvalidReferenceException("'" + value + "' is not an OCI layout reference: write oci:DIR[:TAG]");
        }
        String rest = value.substring(PREFIX.length());
        Matcher m = WITH_DIGEST.matcher(rest);
        if (m.matches() && !m.group(1).contains(":")) {
            try {
                return new LayoutReference(Path.of(m.group(1)), Optional.empty(), Optional.of(Digest.parse(m.group(2))));
            } catch (InvalidDigestException e) {
                throw new InvalidReferenceException("'" + value + "' is not a valid OCI layout reference: "
                        + e.getMessage() + ".");
            }
        }
        int colon = rest.indexOf(':');
        String dir = colon < 0 ? rest : rest.substring(0, colon);
        if (dir.isEmpty()) {
            throw new InvalidReferenceException("'" + value + "' names no directory: write oci:DIR[:TAG]");
        }
        if (colon < 0) {
            return of(Path.of(dir));
        }
        String tag = rest.substring(colon + 1);
        if (tag.isEmpty()) {
            throw new InvalidReferenceException("'" + value + "' has an empty tag after the directory: write"
                    + " oci:DIR:TAG, or oci:DIR for the only image in it");
        }
        return of(Path.of(dir), tag);
    }

    /** True when {@code tag} is a valid {@code org.opencontainers.image.ref.name}. */
    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    static void checkTag(String tag) {
        if (!isValidTag(tag)) {
            throw new InvalidReferenceException("'" + tag + "' is not a valid tag for an OCI layout: use letters and"
                    + " digits joined by '-', '.', '_', ':', '@' or '+', in parts separated by '/'");
        }
    }

    /** What to look up in the layout: the digest or the tag; empty means the only image it holds. */
    public Optional<String> tagOrDigest() {
        return digest.map(Digest::toString).or(() -> tag);
    }

    @Override
    public String toString() {
        return PREFIX + directory + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
