package io.whittle.server.web;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import io.whittle.oci.image.SourceImage;
import io.whittle.oci.transfer.ImageSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the explorer shows of one tag when the provider's listing does not say it (a plain distribution-API
 * registry lists names only): the manifest, and the config of an image for its platform and creation date. An index
 * counts the distinct blobs of its platform images (at most {@value #MAX_CHILDREN} of them, shared layers once) and
 * takes its date from its first image. What a digest holds never changes, so details are kept per digest for a few
 * minutes, bounded in number, and a listing that already names the digest costs no registry call when cached.
 */
final class TagDetails {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 5000;
    static final int MAX_CHILDREN = 16;

    /** One tag's details. {@code sizeNote} says what the size counts. */
    record Details(Digest digest, List<Platform> platforms, OptionalLong size, String sizeNote,
                   Optional<Instant> created) {
        Details {
            platforms = List.copyOf(platforms);
        }
    }

    private record Entry(Details details, Instant expires) {
    }

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    TagDetails(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The details of {@code tag} in {@code source}; {@code scope} names the connector and repository (the cache never
     * answers for another one), {@code known} is the digest the listing gave, when it gave one.
     */
    Details of(String scope, ImageSource source, String tag, Optional<Digest> known) throws IOException {
        if (known.isPresent()) {
            Optional<Details> hit = cached(scope, known.get());
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Manifest top = source.manifest(known.map(Digest::toString).orElse(tag));
        Digest digest = top.digest();
        Optional<Details> hit = cached(scope, digest);
        if (hit.isPresent()) {
            return hit.get();
        }
        Details d = switch (top) {
            case ImageManifest im -> image(source, digest, im);
            case IndexManifest ix -> index(source, digest, ix);
        };
        remember(scope, d);
        return d;
    }

    private static Details image(ImageSource source, Digest digest, ImageManifest m) throws IOException {
        ImageConfig config = new SourceImage(source, m).config();
        return new Details(digest, List.of(config.platform()), OptionalLong.of(m.totalSize()),
                "config and layers, compressed", created(config));
    }

    private static Details index(ImageSource source, Digest digest, IndexManifest ix) throws IOException {
        List<Descriptor> images = ix.images();
        List<Platform> platforms = images.stream().map(d -> d.platform().orElseThrow()).toList();
        Set<Digest> seen = new HashSet<>();
        long total = 0;
        int read = 0;
        Optional<Instant> created = Optional.empty();
        boolean complete = true;
        for (Descriptor d : images) {
            if (read == MAX_CHILDREN || MediaType.isIndex(d.mediaType())) {
                complete = false;
                continue;
            }
            read++;
            if (!(source.manifest(d) instanceof ImageManifest child)) {
                complete = false;
                continue;
            }
            for (Descriptor blob : child.blobs()) {
                if (seen.add(blob.digest())) {
                    total += blob.size();
                }
            }
            if (created.isEmpty() && read == 1) {
                created = created(new SourceImage(source, child).config());
            }
        }
        String note = "all " + images.size() + " platform images together, compressed, shared layers counted once"
                + (complete ? "" : " (only the first " + read + " read)");
        return new Details(digest, platforms, read == 0 ? OptionalLong.empty() : OptionalLong.of(total), note,
                created);
    }

    private static Optional<Instant> created(ImageConfig config) {
        try {
            return config.created().map(c -> OffsetDateTime.parse(c).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // a config may carry any string here: no date is better than a wrong one
        }
    }

    private Optional<Details> cached(String scope, Digest digest) {
        String key = scope + "@" + digest;
        Entry e = cache.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            cache.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.details());
    }

    private void remember(String scope, Details d) {
        Instant now = clock.instant();
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(e -> !now.isBefore(e.expires()));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear(); // simple and bounded: a busy server re-reads a few manifests
            }
        }
        cache.put(scope + "@" + d.digest(), new Entry(d, now.plus(TTL)));
    }

    int size() {
        return cache.size();
    }
}
