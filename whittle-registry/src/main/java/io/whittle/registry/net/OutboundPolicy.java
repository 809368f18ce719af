package io.whittle.registry.net;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where Whittle may connect: one object consulted for every outbound connection (registry, token realm, each
 * redirect hop, foreign layer URLs). URLs are checked before a request is made ({@link #checkUrl}); the
 * addresses a host name resolves to are checked when the connection is made ({@link PolicyDnsResolver}), so a
 * name that resolves differently the second time (DNS rebinding) still cannot reach a denied address.
 *
 * <p>Two presets: {@link #cli()} trusts the user at the keyboard with loopback and private networks but never
 * lets anything reach link-local or metadata endpoints; {@link #server(List)} denies every non-public address
 * and internal host name except what the operator allow-lists.
 */
public final class OutboundPolicy {

    /** Names of cloud metadata services: denied by every policy, whatever they resolve to. */
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com");

    private final String name;
    private final Set<AddressClass> allowed;
    private final boolean denyInternalNames;
    private final Set<String> allowedHosts;
    private final List<Cidr> allowedBlocks;

    private OutboundPolicy(String name, Set<AddressClass> allowed, boolean denyInternalNames, Set<String> allowedHosts,
                           List<Cidr> allowedBlocks) {
        this.name = name;
        this.allowed = Set.copyOf(allowed);
        this.denyInternalNames = denyInternalNames;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.allowedBlocks = List.copyOf(allowedBlocks);
    }

    /**
     * The command-line policy: public, loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7) and carrier-grade
     * NAT addresses are reachable; link-local, metadata, unspecified, multicast and reserved addresses are not.
     */
    public static OutboundPolicy cli() {
        return new OutboundPolicy("the command-line policy",
                EnumSet.of(AddressClass.PUBLIC, AddressClass.LOOPBACK, AddressClass.PRIVATE, AddressClass.SHARED),
                false, Set.of(), List.of());
    }

    /**
     * The server policy: only public addresses, and no {@code *.internal}, {@code *.local} or {@code localhost}
     * names, except the entries of {@code allowList}: host names (exact, case-insensitive) whose addresses may
     * then be loopback, private or shared, and address blocks ({@code 10.1.0.0/16}, {@code 127.0.0.1}) that
     * allow whatever they contain. Metadata endpoints stay denied whatever the list says.
     */
    public static OutboundPolicy server(List<String> allowList) {
        Objects.requireNonNull(allowList, "allowList");
        Set<String> hosts = new LinkedHashSet<>();
        List<Cidr> blocks = new ArrayList<>();
        for (String entry : allowList) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String bare = e.startsWith("[") && e.endsWith("]") ? e.substring(1, e.length() - 1) : e;
            if (e.contains("/") || AddressClass.isLiteral(bare)) {
                blocks.add(Cidr.parse(e));
            } else {
                hosts.add(normalizeHost(e));
            }
        }
        return new OutboundPolicy("the server policy", EnumSet.of(AddressClass.PUBLIC), true, hosts, blocks);
    }

    /**
     * Checks a URL before it is requested: http or https only, no {@code user:pass@}, a host that is not a
     * metadata or (under the server policy) internal name, and, for an address literal, an allowed address.
     *
     * @throws AccessException with {@link Failure#BLOCKED}, naming the host and the reason
     */
    public void checkUrl(URI url) throws AccessException {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String shown = redacted(url);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw blocked(shown, "Whittle only connects over http or https, not '" + scheme + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw blocked(shown, "the URL carries a user name or password (user:pass@host), which Whittle never sends"
                    + " that way: give credentials through the keychain instead");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw blocked(shown, "it names no host");
        }
        Optional<String> why = hostDenial(host);
        if (why.isPresent()) {
            throw blocked(host, why.get());
        }
        InetAddress literal = AddressClass.literal(host);
        if (literal != null) {
            Optional<String> addressWhy = addressDenial(host, literal);
            if (addressWhy.isPresent()) {
                throw blocked(host, addressWhy.get());
            }
        }
    }

    /** Why a host name may not be contacted at all, before any resolution; empty when it may. */
    public Optional<String> hostDenial(String host) {
        String h = normalizeHost(host);
        if (METADATA_HOSTS.contains(h)) {
            return Optional.of("it is a cloud metadata service name");
        }
        if (denyInternalNames && !allowedHosts.contains(h) && AddressClass.literal(h) == null
                && (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".internal")
                || h.endsWith(".local") || !h.contains("."))) {
            return Optional.of("internal host names (localhost, *.internal, *.local, single-label names) are not"
                    + " allowed by " + name + ": add the host to the outbound allow-list if it is a trusted registry");
        }
        return Optional.empty();
    }

    /** Why {@code host} may not be reached at {@code address}; empty when it may. */
    public Optional<String> addressDenial(String host, InetAddress address) {
        AddressClass c = AddressClass.of(address);
        if (c == AddressClass.IPV4_MAPPED && !denyInternalNames) {
            // The command line judges a mapped address by the IPv4 address inside it.
            c = AddressClass.embeddedClass(address);
        }
        String is = AddressClass.literal(host) != null ? "it is " : "it resolves to ";
        if (c == AddressClass.METADATA || AddressClass.embeddedClass(address) == AddressClass.METADATA) {
            return Optional.of(is + address.getHostAddress() + ", " + AddressClass.METADATA.description()
                    + ", which Whittle never contacts");
        }
        if (allowed.contains(c)) {
            return Optional.empty();
        }
        for (Cidr block : allowedBlocks) {
            if (block.contains(address)) {
                return Optional.empty();
            }
        }
        if (allowedHosts.contains(normalizeHost(host)) && (c == AddressClass.LOOPBACK || c == AddressClass.PRIVATE
                || c == AddressClass.SHARED)) {
            return Optional.empty();
        }
        String hint = denyInternalNames ? ": add it to the outbound allow-list if it is a trusted registry"
                : ": Whittle does not connect there";
        return Optional.of(is + address.getHostAddress() + ", " + c.description() + ", which " + name + " denies"
                + hint);
    }

    /** The failure reported for a denied destination. */
    public static AccessException blocked(String host, String reason) {
        return new AccessException(Failure.BLOCKED, "connect", host,
                "Whittle refused to connect to " + host + " because " + reason + ".", false, null);
    }

    static String normalizeHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static String redacted(URI url) {
        String host = url.getHost() == null ? "" : url.getHost();
        return (url.getScheme() == null ? "" : url.getScheme() + "://") + host
                + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    @Override
    public String toString() {
        return "OutboundPolicy[" + name + ", allowed=" + allowed + ", hosts=" + allowedHosts + ", blocks="
                + allowedBlocks + "]";
    }
}
