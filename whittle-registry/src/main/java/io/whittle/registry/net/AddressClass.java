package io.whittle.registry.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** What kind of network an address belongs to, as far as outbound requests are concerned. */
public enum AddressClass {
    PUBLIC("a public address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private-network address"),
    SHARED("a carrier-grade NAT address (100.64.0.0/10)"),
    LINK_LOCAL("a link-local address"),
    METADATA("a cloud metadata endpoint"),
    UNSPECIFIED("the unspecified address"),
    MULTICAST("a multicast address"),
    IPV4_MAPPED("an IPv4-mapped IPv6 address"),
    RESERVED("a reserved address");

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** Words for messages, e.g. "a link-local address". */
    public String description() {
        return description;
    }

    /** True for an IPv4 dotted quad or an IPv6 literal (without brackets); such hosts need no DNS. */
    public static boolean isLiteral(String host) {
        return IPV4_LITERAL.matcher(host).matches() || (host.indexOf(':') >= 0 && IPV6_LITERAL.matcher(host).matches());
    }

    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? ofV4(b) : ofV6(b);
    }

    /** For an IPv6 address that carries an IPv4 address (mapped, NAT64, 6to4): that IPv4 address's class. */
    static AddressClass embeddedClass(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return ofV4(b);
        }
        byte[] v4 = embeddedV4(b);
        return v4 == null ? ofV6(b) : ofV4(v4);
    }

    private static AddressClass ofV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            // AWS/GCP/Azure/OCI instance metadata, the ECS task endpoint, the AWS resolver.
            if ((a2 == 169 && (a3 == 254 || a3 == 253)) || (a2 == 170 && a3 == 2)) {
                return METADATA;
            }
            return LINK_LOCAL;
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return METADATA; // Alibaba Cloud
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return PRIVATE;
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return SHARED;
        }
        if (a0 >= 224 && a0 <= 239) {
            return MULTICAST;
        }
        if (a0 >= 240 || (a0 == 192 && a1 == 0 && a2 == 0)) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofV6(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return IPV4_MAPPED;
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            boolean allZero = true;
            for (int i = 12; i < 15; i++) {
                allZero &= b[i] == 0;
            }
            if (allZero && b[15] == 0) {
                return UNSPECIFIED;
            }
            if (allZero && b[15] == 1) {
                return LOOPBACK;
            }
            return RESERVED; // deprecated IPv4-compatible form ::a.b.c.d
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (isEc2Metadata(b)) {
            return METADATA;
        }
        byte[] v4 = embeddedV4(b);
        if (v4 != null) {
            AddressClass inner = ofV4(v4);
            return inner == PUBLIC ? PUBLIC : inner;
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return PRIVATE;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return PRIVATE; // deprecated site-local
        }
        if ((w0 & 0xff00) == 0xff00) {
            return MULTICAST;
        }
        return PUBLIC;
    }

    private static boolean isEc2Metadata(byte[] b) {
        // fd00:ec2::254
        byte[] m = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, m);
    }

    /** The IPv4 address inside a mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, else null. */
    private static byte[] embeddedV4(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        if (nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    /** Parses a literal without DNS; null when {@code host} is not one. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!isLiteral(h)) {
            return null;
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
