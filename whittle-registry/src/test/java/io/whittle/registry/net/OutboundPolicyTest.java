package io.whittle.registry.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {
    private final OutboundPolicy cli = OutboundPolicy.cli();
    private final OutboundPolicy server = OutboundPolicy.server(List.of());

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.170.2", "fd00:ec2::254", "169.254.1.1", "fe80::1", "0.0.0.0",
            "::", "224.0.0.1", "ff02::1", "255.255.255.255", "100.100.100.200", "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1"})
    void theCliPolicyDeniesLinkLocalMetadataAndOddAddresses(String literal) throws Exception {
        assertThat(cli.addressDenial("h", ip(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "fc00::1", "fd12:3456::1", "100.64.0.1", "8.8.8.8", "2606:4700::1111", "::ffff:127.0.0.1"})
    void theCliPolicyAllowsLoopbackPrivateAndPublicAddresses(String literal) throws Exception {
        assertThat(cli.addressDenial("h", ip(literal))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "172.20.1.1", "192.168.0.10", "fc00::1", "100.64.1.1",
            "169.254.169.254", "fd00:ec2::254", "0.0.0.0", "::ffff:10.0.0.1", "64:ff9b::7f00:1"})
    void theServerPolicyDeniesEveryNonPublicAddress(String literal) throws Exception {
        assertThat(server.addressDenial("h", ip(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808"})
    void theServerPolicyAllowsPublicAddresses(String literal) throws Exception {
        assertThat(server.addressDenial("h", ip(literal))).isEmpty();
    }

    @Test
    void anIpv4MappedIpv6AddressIsJudgedByWhatItCarries() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        // Built as an Inet6Address on purpose: InetAddress.getByName would fold it into IPv4.
        InetAddress a = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(AddressClass.of(a)).isEqualTo(AddressClass.IPV4_MAPPED);
        assertThat(cli.addressDenial("h", a)).hasValueSatisfying(w -> assertThat(w).contains("metadata"));
        assertThat(server.addressDenial("h", a)).isPresent();
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        InetAddress publicMapped = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(cli.addressDenial("h", publicMapped)).isEmpty();
        assertThat(server.addressDenial("h", publicMapped)).isPresent();
    }

    @Test
    void theAllowListOpensAddressBlocksAndHostsButNeverMetadata() throws Exception {
        OutboundPolicy p = OutboundPolicy.server(List.of("127.0.0.1", "10.20.0.0/16", "registry.corp.internal",
                "169.254.0.0/16"));
        assertThat(p.addressDenial("x", ip("127.0.0.1"))).isEmpty();
        assertThat(p.addressDenial("x", ip("127.0.0.2"))).isPresent();
        assertThat(p.addressDenial("x", ip("10.20.3.4"))).isEmpty();
        assertThat(p.addressDenial("x", ip("10.21.3.4"))).isPresent();
        assertThat(p.hostDenial("registry.corp.internal")).isEmpty();
        assertThat(p.addressDenial("registry.corp.internal", ip("192.168.7.7"))).isEmpty();
        assertThat(p.addressDenial("registry.corp.internal", ip("169.254.169.254"))).isPresent();
        assertThat(p.addressDenial("x", ip("169.254.169.254"))).isPresent();
        assertThat(p.addressDenial("x", ip("169.254.3.3"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata"})
    void metadataNamesAreDeniedByEveryPolicy(String host) {
        assertThat(cli.hostDenial(host)).isPresent();
        assertThat(server.hostDenial(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "db.internal", "printer.local", "app.localhost", "registry"})
    void internalNamesAreDeniedByTheServerPolicyOnly(String host) {
        assertThat(server.hostDenial(host)).isPresent();
        assertThat(cli.hostDenial(host)).isEmpty();
    }

    @Test
    void urlsNeedHttpOrHttpsAndNoUserInfo() {
        assertThatThrownBy(() -> cli.checkUrl(URI.create("file:///etc/passwd")))
                .isInstanceOf(AccessException.class).hasMessageContaining("http or https")
                .extracting(e -> ((AccessException) e).failure()).isEqualTo(Failure.BLOCKED);
        assertThatThrownBy(() -> cli.checkUrl(URI.create("gopher://example.com/")))
                .hasMessageContaining("'gopher'");
        assertThatThrownBy(() -> cli.checkUrl(URI.create("https://alice:s3cret@example.com/token")))
                .hasMessageContaining("user:pass@").hasMessageNotContaining("s3cret");
    }

    @Test
    void urlsWithDeniedLiteralsFailBeforeAnyConnection() {
        assertThatThrownBy(() -> cli.checkUrl(URI.create("http://169.254.169.254/latest/meta-data/")))
                .isInstanceOf(AccessException.class)
                .hasMessageContaining("169.254.169.254").hasMessageContaining("metadata");
        assertThatThrownBy(() -> cli.checkUrl(URI.create("http://[fd00:ec2::254]/")))
                .hasMessageContaining("metadata");
        assertThatThrownBy(() -> server.checkUrl(URI.create("http://10.0.0.5:5000/v2/")))
                .hasMessageContaining("10.0.0.5").hasMessageContaining("private");
        assertThatThrownBy(() -> server.checkUrl(URI.create("https://metadata.google.internal/computeMetadata/v1/")))
                .hasMessageContaining("metadata.google.internal");
    }

    @Test
    void allowedUrlsPass() throws Exception {
        cli.checkUrl(URI.create("http://127.0.0.1:5000/v2/"));
        cli.checkUrl(URI.create("https://registry-1.docker.io/v2/"));
        server.checkUrl(URI.create("https://ghcr.io/v2/"));
    }

    @Test
    void cidrBlocksContainWhatTheySay() {
        Cidr c = Cidr.parse("172.16.0.0/12");
        assertThat(c.contains(AddressClass.literal("172.31.1.1"))).isTrue();
        assertThat(c.contains(AddressClass.literal("172.32.1.1"))).isFalse();
        assertThat(c.contains(AddressClass.literal("::1"))).isFalse();
        assertThat(Cidr.parse("fc00::/7").contains(AddressClass.literal("fdff::1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.1").prefixLength()).isEqualTo(32);
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an address block");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("/33");
    }
}
