package io.knowledgehub.core.crawl.address;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names come from a fixed table (no DNS); literal hosts never reach the resolver at all. */
class AddressGuardTest {

    private final List<String> lookedUp = new ArrayList<>();

    private AddressGuard guard(AddressPolicy policy, Map<String, List<String>> names) {
        return new AddressGuard(policy, name -> {
            lookedUp.add(name);
            List<String> addresses = names.get(name);
            if (addresses == null) {
                throw new UnknownHostException(name);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String a : addresses) {
                out.add(InetAddress.getByName(a.contains(":") ? "[" + a + "]" : a));
            }
            return out;
        });
    }

    @Test
    void returns_the_checked_addresses_of_an_allowed_name() throws Exception {
        AddressGuard guard = guard(AddressPolicy.denySpecialUse(), Map.of("docs.example", List.of("93.184.215.14", "2606:2800::1")));

        assertThat(guard.resolve("docs.example")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14", "2606:2800:0:0:0:0:0:1");
    }

    @Test
    void refuses_a_name_when_any_of_its_addresses_is_refused() {
        AddressGuard guard = guard(AddressPolicy.denySpecialUse(), Map.of("rebind.example", List.of("93.184.215.14", "10.0.0.5")));

        assertThatThrownBy(() -> guard.resolve("rebind.example")).isInstanceOfSatisfying(DeniedAddressException.class, e -> {
            assertThat(e.address().getHostAddress()).isEqualTo("10.0.0.5");
            assertThat(e.addressClass()).isEqualTo(AddressClass.PRIVATE);
        });
    }

    @Test
    void a_name_resolving_to_loopback_is_refused_unless_its_network_is_allowed() throws Exception {
        Map<String, List<String>> names = Map.of("intranet.example", List.of("127.0.0.1"));

        assertThatThrownBy(() -> guard(AddressPolicy.denySpecialUse(), names).resolve("intranet.example"))
                .isInstanceOf(DeniedAddressException.class);
        assertThat(guard(AddressPolicy.allowing("127.0.0.1/32"), names).resolve("intranet.example"))
                .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    }

    @Test
    void localhost_from_the_system_resolver_is_refused_by_default() {
        // localhost comes from the hosts file: no DNS server is asked
        assertThatThrownBy(() -> AddressGuard.of(AddressPolicy.denySpecialUse()).resolve("localhost"))
                .isInstanceOfSatisfying(DeniedAddressException.class,
                        e -> assertThat(e.addressClass()).isEqualTo(AddressClass.LOOPBACK));
    }

    @Test
    void obfuscated_literals_are_decided_without_a_lookup() {
        AddressGuard guard = guard(AddressPolicy.denySpecialUse(), Map.of());

        for (String host : List.of("127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
                "0xa9fea9fe", "[fe80::1]", "[fd00:ec2::254]")) {
            assertThatThrownBy(() -> guard.resolve(host)).as(host).isInstanceOf(DeniedAddressException.class);
        }
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void an_allowed_literal_is_returned_as_the_address_it_names() throws Exception {
        AddressGuard guard = guard(AddressPolicy.allowing("127.0.0.1/32"), Map.of());

        assertThat(guard.resolve("0177.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(guard.resolve("2130706433")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> guard.resolve("0177.0.0.2")).isInstanceOf(DeniedAddressException.class);
    }

    @Test
    void the_denial_of_a_url_covers_hosts_that_uri_does_not_parse_as_a_server() {
        AddressGuard guard = guard(AddressPolicy.denySpecialUse(), Map.of());

        assertThat(guard.denial(URI.create("http://127.1:8080/docs/"))).isPresent();
        assertThat(guard.denial(URI.create("http://user@0x7f.0.0.1/"))).isPresent();
        assertThat(guard.denial(URI.create("http://[::1]:3000/"))).isPresent();
        assertThat(guard.denial(URI.create("http://unknown.example/"))).isEmpty();
    }
}
