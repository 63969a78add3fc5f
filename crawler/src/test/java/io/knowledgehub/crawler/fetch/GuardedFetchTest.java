package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.FetchRequest;
import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.crawl.address.AddressClass;
import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.AddressPolicy;
import io.knowledgehub.core.crawl.address.DeniedAddressException;
import io.knowledgehub.core.crawl.address.HostResolver;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.testing.TestAddresses;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fetcher connects only to addresses its guard checked. The allowed site is on 127.0.0.1; the refused one on
 * 127.0.0.2 (and [::1]), and it must never see a request.
 */
class GuardedFetchTest {

    @TempDir
    Path root;
    private FixtureSiteServer allowed;
    private FixtureSiteServer refused;
    private final List<HttpPageFetcher> fetchers = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        Files.writeString(root.resolve("page.html"), "<html><body><p>hello</p></body></html>");
        allowed = FixtureSiteServer.serve(root);
        refused = FixtureSiteServer.serve(root, InetAddress.getByName("127.0.0.2"));
    }

    @AfterEach
    void stop() {
        fetchers.forEach(HttpPageFetcher::close);
        allowed.close();
        refused.close();
    }

    private HttpPageFetcher fetcher(AddressGuard guard) {
        HttpPageFetcher f = new HttpPageFetcher(new CrawlerSettings("KnowledgeHub-test/1.0", "knowledgehub", 4,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000, 5, 2, Duration.ofSeconds(5), guard));
        fetchers.add(f);
        return f;
    }

    private static FetchRequest get(String url) {
        return FetchRequest.plain(URI.create(url), 10_000);
    }

    @Test
    void fetches_an_allowed_address_and_refuses_a_denied_one_without_connecting() throws Exception {
        HttpPageFetcher fetcher = fetcher(TestAddresses.loopbackSite());

        assertThat(fetcher.fetch(FetchRequest.plain(allowed.uri("page.html"), 10_000)).status()).isEqualTo(200);
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.plain(refused.uri("page.html"), 10_000)))
                .isInstanceOfSatisfying(DeniedAddressException.class, e -> {
                    assertThat(e.address().getHostAddress()).isEqualTo("127.0.0.2");
                    assertThat(e.addressClass()).isEqualTo(AddressClass.LOOPBACK);
                });

        assertThat(refused.requests()).isEmpty();
    }

    @Test
    void nothing_is_allowed_by_default_not_even_the_local_site() {
        HttpPageFetcher fetcher = fetcher(AddressGuard.of(AddressPolicy.denySpecialUse()));

        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.plain(allowed.uri("page.html"), 10_000)))
                .isInstanceOf(DeniedAddressException.class);
        assertThat(allowed.requests()).isEmpty();
    }

    @Test
    void localhost_is_refused_by_default() {
        // the system resolver answers localhost from the hosts file
        HttpPageFetcher fetcher = fetcher(AddressGuard.of(AddressPolicy.denySpecialUse()));

        assertThatThrownBy(() -> fetcher.fetch(get("http://localhost:" + allowed.port() + "/page.html")))
                .isInstanceOfSatisfying(DeniedAddressException.class,
                        e -> assertThat(e.addressClass()).isEqualTo(AddressClass.LOOPBACK));
        assertThat(allowed.requests()).isEmpty();
    }

    @Test
    void obfuscated_forms_of_a_refused_address_are_refused() {
        HttpPageFetcher fetcher = fetcher(TestAddresses.loopbackSite());
        int port = refused.port();

        for (String host : List.of("0x7f.0.0.2", "0177.0.0.2", "127.2", "2130706434", "[::ffff:127.0.0.2]",
                "[::ffff:7f00:2]", "%31%32%37.0.0.2")) {
            assertThatThrownBy(() -> fetcher.fetch(get("http://" + host + ":" + port + "/page.html"))).as(host)
                    .isInstanceOf(DeniedAddressException.class);
        }
        assertThat(refused.requests()).isEmpty();
    }

    @Test
    void an_obfuscated_form_of_an_allowed_address_reaches_that_address() throws Exception {
        HttpPageFetcher fetcher = fetcher(TestAddresses.loopbackSite());
        int port = allowed.port();

        for (String host : List.of("127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "[::ffff:127.0.0.1]")) {
            assertThat(fetcher.fetch(get("http://" + host + ":" + port + "/page.html")).status()).as(host).isEqualTo(200);
        }
        assertThat(allowed.requestCount("/page.html")).isEqualTo(5);
    }

    @Test
    void a_name_is_connected_to_the_address_that_was_checked_with_one_lookup() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = name -> {
            // a DNS server that answers an allowed address first and a refused one afterwards
            String answer = lookups.incrementAndGet() == 1 ? "127.0.0.1" : "127.0.0.2";
            return TestAddresses.table(Map.of(name, List.of(answer))).lookup(name);
        };
        HttpPageFetcher fetcher = fetcher(new AddressGuard(AddressPolicy.allowing("127.0.0.1/32"), rebinding));

        FetchResponse response = fetcher.fetch(get("http://docs.test:" + allowed.port() + "/page.html"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(lookups).hasValue(1);
        assertThat(allowed.requestCount("/page.html")).isEqualTo(1);
        assertThat(refused.requests()).isEmpty();
    }

    @Test
    void a_name_with_one_refused_address_among_allowed_ones_is_refused() {
        HttpPageFetcher fetcher = fetcher(TestAddresses.withNames(Map.of("mixed.test", List.of("127.0.0.1", "127.0.0.2"))));

        assertThatThrownBy(() -> fetcher.fetch(get("http://mixed.test:" + allowed.port() + "/page.html")))
                .isInstanceOf(DeniedAddressException.class);
        assertThat(allowed.requests()).isEmpty();
        assertThat(refused.requests()).isEmpty();
    }

    @Test
    void ipv6_loopback_is_refused() throws Exception {
        try (FixtureSiteServer v6 = FixtureSiteServer.serve(root, InetAddress.getByName("::1"))) {
            HttpPageFetcher fetcher = fetcher(TestAddresses.loopbackSite());

            assertThatThrownBy(() -> fetcher.fetch(FetchRequest.plain(v6.uri("page.html"), 10_000)))
                    .isInstanceOf(DeniedAddressException.class);
            assertThat(v6.requests()).isEmpty();
        }
    }
}
