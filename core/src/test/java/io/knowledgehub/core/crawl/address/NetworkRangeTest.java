package io.knowledgehub.core.crawl.address;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkRangeTest {

    @Test
    void parses_ipv4_and_ipv6_ranges_and_bare_addresses() throws Exception {
        assertThat(NetworkRange.parse("10.20.0.0/16").contains(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(NetworkRange.parse("10.20.0.0/16").contains(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(NetworkRange.parse(" 127.0.0.1 ").toString()).isEqualTo("127.0.0.1/32");
        assertThat(NetworkRange.parse("10.20.30.40/16").toString()).isEqualTo("10.20.0.0/16");
        assertThat(NetworkRange.parse("fd00::/8").contains(InetAddress.getByName("[fdff::1]"))).isTrue();
        assertThat(NetworkRange.parse("[::1]/128").contains(InetAddress.getByName("[::1]"))).isTrue();
        assertThat(NetworkRange.parse("0.0.0.0/0").contains(InetAddress.getByName("[::1]"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "localhost/8", "127.1/32",
            "0x7f.0.0.1/32", "010.0.0.0/8", "256.0.0.0/8", "fd00::/129", "10.0.0.0/8/8", "example.com"})
    void refuses_anything_but_a_numeric_network(String text) {
        assertThatThrownBy(() -> NetworkRange.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text.strip() + "'");
    }

    @Test
    void the_setting_reads_a_comma_separated_list_and_is_empty_by_default() {
        assertThat(config(Map.of()).allowedNetworks()).isEmpty();
        assertThat(config(Map.of("kh.crawler.allowed-networks", "127.0.0.0/8, 10.20.0.0/16")).allowedNetworks().orElseThrow())
                .extracting(NetworkRange::toString).containsExactly("127.0.0.0/8", "10.20.0.0/16");
    }

    @Test
    void an_invalid_entry_fails_with_a_message_naming_the_setting() {
        assertThatThrownBy(() -> config(Map.of("kh.crawler.allowed-networks", "127.0.0.0/8,10.0.0/33")))
                .hasStackTraceContaining("KH_CRAWLER_ALLOWED_NETWORKS")
                .hasStackTraceContaining("'10.0.0/33' is not a network in CIDR notation");
    }

    private static CrawlerNetworkConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new MapBackedConfigSource("test", values) {
                })
                .withMapping(CrawlerNetworkConfig.class)
                .build();
        return config.getConfigMapping(CrawlerNetworkConfig.class);
    }
}
