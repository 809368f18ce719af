package io.whittle.server.api.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Host names for tests that need a name resolving to a private address (a DNS answer an attacker controls): the
 * JDK's name-resolution SPI, registered for the test class path only. Names under {@code .whittle-test.example}
 * (a reserved domain, never in real DNS) resolve as listed; every other name goes to the JDK's own resolver.
 */
public final class TestHostNames extends InetAddressResolverProvider {
    /** Resolves to 10.23.0.7, a private address. */
    public static final String PRIVATE = "registry.private.whittle-test.example";
    /** Resolves to 169.254.169.254, the cloud metadata address. */
    public static final String METADATA = "registry.metadata.whittle-test.example";

    private static final Map<String, byte[]> NAMES = Map.of(
            PRIVATE, new byte[] {10, 23, 0, 7},
            METADATA, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtIn = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                byte[] address = NAMES.get(host.toLowerCase(Locale.ROOT));
                if (address != null) {
                    return Stream.of(InetAddress.getByAddress(host, address));
                }
                return builtIn.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtIn.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "whittle test host names";
    }
}
