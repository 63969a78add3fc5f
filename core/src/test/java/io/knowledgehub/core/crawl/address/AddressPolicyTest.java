package io.knowledgehub.core.crawl.address;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** Classification only: addresses are parsed as literals, nothing is resolved and no traffic is sent. */
class AddressPolicyTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK",
            "127.0.0.2, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "10.0.0.1, PRIVATE",
            "10.255.255.255, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.254, PRIVATE",
            "192.168.1.1, PRIVATE",
            "169.254.0.1, LINK_LOCAL",
            "169.254.169.254, CLOUD_METADATA",
            "100.100.100.200, CLOUD_METADATA",
            "100.64.0.1, SHARED",
            "100.127.255.254, SHARED",
            "0.0.0.0, THIS_NETWORK",
            "0.1.2.3, THIS_NETWORK",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "255.255.255.255, BROADCAST",
            "240.0.0.1, RESERVED",
            "192.0.0.8, RESERVED",
            "192.0.2.10, RESERVED",
            "198.51.100.7, RESERVED",
            "203.0.113.99, RESERVED",
            "198.18.0.1, RESERVED",
            "::1, LOOPBACK",
            "::, THIS_NETWORK",
            "fc00::1, PRIVATE",
            "fd12:3456:789a::1, PRIVATE",
            "fd00:ec2::254, CLOUD_METADATA",
            "fe80::1, LINK_LOCAL",
            "febf::1, LINK_LOCAL",
            "fec0::1, PRIVATE",
            "ff02::1, MULTICAST",
            "ff05::1:3, MULTICAST",
            "2001:db8::1, RESERVED",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
            "100::1, RESERVED",
            // IPv4 in IPv6 clothing is judged as the IPv4 address it carries
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:7f00:1, LOOPBACK",
            "::ffff:169.254.169.254, CLOUD_METADATA",
            "::ffff:10.1.2.3, PRIVATE",
            "::127.0.0.1, LOOPBACK",
            "::10.0.0.1, PRIVATE",
            "64:ff9b::7f00:1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, CLOUD_METADATA",
            "64:ff9b::192.168.0.1, PRIVATE",
            "2002:7f00:1::1, LOOPBACK",
            "2002:a9fe:a9fe::, CLOUD_METADATA",
            "2002:c0a8:101::1, PRIVATE",
    })
    void refuses_special_use_addresses(String address, AddressClass expected) {
        assertThat(AddressPolicy.classify(ip(address))).get().extracting(AddressPolicy.Denial::addressClass).isEqualTo(expected);
        assertThat(AddressPolicy.denySpecialUse().check(ip(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.169.0.1", "169.253.255.255", "223.255.255.255", "11.0.0.1",
            "2606:4700::1111", "2a00:1450:4001:82b::200e", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"})
    void accepts_public_addresses(String address) {
        assertThat(AddressPolicy.classify(ip(address))).isEmpty();
        assertThat(AddressPolicy.denySpecialUse().check(ip(address))).isEmpty();
    }

    @Test
    void an_allowed_network_opens_exactly_its_range() {
        AddressPolicy policy = AddressPolicy.allowing("127.0.0.1/32", "10.20.0.0/16", "fd00:1::/32");

        assertThat(policy.check(ip("127.0.0.1"))).isEmpty();
        assertThat(policy.check(ip("127.0.0.2"))).get().extracting(AddressPolicy.Denial::addressClass).isEqualTo(AddressClass.LOOPBACK);
        assertThat(policy.check(ip("10.20.3.4"))).isEmpty();
        assertThat(policy.check(ip("10.21.0.1"))).isPresent();
        assertThat(policy.check(ip("fd00:1::5"))).isEmpty();
        assertThat(policy.check(ip("fd00:2::5"))).isPresent();
        assertThat(policy.check(ip("::1"))).isPresent();
    }

    @Test
    void an_allowed_ipv4_network_covers_the_ipv4_mapped_form_of_its_addresses_only() {
        AddressPolicy policy = AddressPolicy.allowing("127.0.0.1/32");

        assertThat(policy.check(ip("::ffff:127.0.0.1"))).isEmpty();
        // other embeddings do not reach 127.0.0.1 itself: they stay refused
        assertThat(policy.check(ip("64:ff9b::7f00:1"))).isPresent();
        assertThat(policy.check(ip("2002:7f00:1::1"))).isPresent();
    }

    @Test
    void a_metadata_address_is_opened_only_by_naming_it() {
        assertThat(AddressPolicy.allowing("169.254.0.0/16").check(ip("169.254.169.254"))).isPresent();
        assertThat(AddressPolicy.allowing("169.254.0.0/16").check(ip("169.254.1.1"))).isEmpty();
        assertThat(AddressPolicy.allowing("0.0.0.0/0").check(ip("169.254.169.254"))).isPresent();
        assertThat(AddressPolicy.allowing("169.254.169.254/32").check(ip("169.254.169.254"))).isEmpty();
    }

    @Test
    void allowing_everything_opens_every_other_range() {
        AddressPolicy policy = AddressPolicy.allowing("0.0.0.0/0", "::/0");

        assertThat(policy.check(ip("127.0.0.1"))).isEmpty();
        assertThat(policy.check(ip("10.0.0.1"))).isEmpty();
        assertThat(policy.check(ip("::1"))).isEmpty();
    }

    @Test
    void a_denial_says_which_range_to_open() throws Exception {
        DeniedAddressException loopback = new DeniedAddressException("h", AddressPolicy.classify(ip("127.0.0.2")).orElseThrow());
        DeniedAddressException metadata = new DeniedAddressException("h", AddressPolicy.classify(ip("169.254.169.254")).orElseThrow());
        DeniedAddressException nat64 = new DeniedAddressException("h", AddressPolicy.classify(ip("64:ff9b::7f00:1")).orElseThrow());

        assertThat(loopback.suggestedNetwork()).isEqualTo("127.0.0.0/8");
        assertThat(metadata.suggestedNetwork()).isEqualTo("169.254.169.254/32");
        assertThat(nat64.suggestedNetwork()).isEqualTo("64:ff9b:0:0:0:0:7f00:1/128");
        assertThat(loopback.getMessage()).isEqualTo("h resolves to 127.0.0.2, a loopback address: the crawler does not connect to it");
    }
}
