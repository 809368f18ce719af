package io.whittle.registry.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("the prefix length /" + prefixLength + " does not fit a "
                    + bits + "-bit address: use 0 to " + bits);
        }
    }

    /**
     * Parses {@code address/prefix} or a bare address literal. Only literals are accepted: a host name here
     * would be resolved once and then trusted forever.
     */
    public static Cidr parse(String value) {
        Objects.requireNonNull(value, "cidr");
        String v = value.strip();
        int slash = v.indexOf('/');
        String address = slash < 0 ? v : v.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!AddressClass.isLiteral(address)) {
            throw new IllegalArgumentException("'" + value + "' is not an address block: write it as 10.0.0.0/8,"
                    + " fd00::/8 or a single address");
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not an address block: " + e.getMessage(), e);
        }
        int bits = network.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(v.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has no numeric prefix length after '/'", e);
        }
        return new Cidr(network, prefix);
    }

    /** True when {@code address} lies in this block (IPv4 and IPv6 never match each other). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
