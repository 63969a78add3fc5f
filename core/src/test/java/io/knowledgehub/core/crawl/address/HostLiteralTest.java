package io.knowledgehub.core.crawl.address;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hosts are read as browsers and curl read them, never looked up. */
class HostLiteralTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "0x7f.0.0.1, 127.0.0.1",
            "0X7F.1, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1",
            "0177.1, 127.0.0.1",
            "2130706433, 127.0.0.1",
            "0x7f000001, 127.0.0.1",
            "017700000001, 127.0.0.1",
            "127.0.0.1., 127.0.0.1",
            "%31%32%37.0.0.1, 127.0.0.1",
            "１２７．０．０．１, 127.0.0.1",
            "127。0。0。1, 127.0.0.1",
            "0, 0.0.0.0",
            "1.2.3.0x, 1.2.3.0",
            "0x0, 0.0.0.0",
            "169.254.43518, 169.254.169.254",
            "0xa9fea9fe, 169.254.169.254",
            "2852039166, 169.254.169.254",
            "10.1, 10.0.0.1",
            "3232235777, 192.168.1.1",
            "[::1], 0:0:0:0:0:0:0:1",
            "[::ffff:127.0.0.1], 127.0.0.1",
            "[::ffff:7f00:1], 127.0.0.1",
            "[0:0:0:0:0:ffff:7f00:1], 127.0.0.1",
            "::1, 0:0:0:0:0:0:0:1",
    })
    void reads_every_spelling_of_an_address_as_that_address(String host, String expected) throws Exception {
        assertThat(HostLiteral.address(host)).get().extracting(InetAddress::getHostAddress).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]", "[::1]", "[::]", "0", "127.0.0.1.", "%31%32%37.0.0.1"})
    void obfuscated_loopback_forms_are_refused_as_loopback(String host) throws Exception {
        InetAddress address = HostLiteral.address(host).orElseThrow();
        assertThat(AddressPolicy.denySpecialUse().check(address)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.5", "256.0.0.1", "1.2.3.256", "0x1g.0.0.1", "08.0.0.1", "0x100.0.0.1", "4294967296",
            "foo.0x10", "foo.123", "1..2.3", "[::g]", "[1:2:3:4:5:6:7:8:9]", "[]", "", "a b.com", "%zz.com"})
    void refuses_a_host_that_ends_in_a_number_but_is_no_address(String host) {
        assertThatThrownBy(() -> HostLiteral.parse(host)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void a_name_stays_a_name_in_its_ascii_form() throws Exception {
        assertThat(HostLiteral.parse("Docs.Example.COM.")).isEqualTo(new HostLiteral.Name("docs.example.com"));
        assertThat(HostLiteral.parse("bücher.example")).isEqualTo(new HostLiteral.Name("xn--bcher-kva.example"));
        assertThat(HostLiteral.parse("localhost")).isEqualTo(new HostLiteral.Name("localhost"));
        assertThat(HostLiteral.parse("1.2.3.4.example")).isEqualTo(new HostLiteral.Name("1.2.3.4.example"));
        assertThat(HostLiteral.parse("0x7f.example")).isEqualTo(new HostLiteral.Name("0x7f.example"));
    }
}
