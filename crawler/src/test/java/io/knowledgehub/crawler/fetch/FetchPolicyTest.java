package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.FetchRequest;
import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.testing.TestAddresses;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy against a scripted fetcher: no network, exact control of each answer. */
class FetchPolicyTest {

    private static final CrawlerSettings SETTINGS = new CrawlerSettings("ua", "kh", 4, Duration.ofSeconds(1),
            Duration.ofSeconds(1), 1000, 5, 2, Duration.ofSeconds(2), TestAddresses.loopbackSite());
    private static final FetchPlan PLAN = new FetchPlan(type -> type.startsWith("text/html"),
            url -> url.startsWith("http://x.org/docs/"), url -> !url.endsWith("taken.html"), url -> url.endsWith("known.html")
            ? new FetchPlan.Validators("\"v1\"", "Tue, 01 Jan 2030 00:00:00 GMT") : null, 1000);

    /** Answers from a script, records requests. */
    private static final class Scripted implements PageFetcher {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<FetchRequest> requests = new ArrayList<>();

        Scripted then(Object answer) {
            answers.add(answer);
            return this;
        }

        @Override
        public FetchResponse fetch(FetchRequest request) throws IOException {
            requests.add(request);
            Object next = answers.isEmpty() ? response(599, Map.of()) : answers.poll();
            if (next instanceof IOException e) {
                throw e;
            }
            return (FetchResponse) next;
        }
    }

    private static FetchResponse response(int status, Map<String, List<String>> headers) {
        return new FetchResponse(java.net.URI.create("http://x.org/"), status, headers, new byte[0], false);
    }

    private static FetchResponse html() {
        return new FetchResponse(java.net.URI.create("http://x.org/"), 200, Map.of("content-type", List.of("text/html")),
                "<p>hi</p>".getBytes(), false);
    }

    private static FetchOutcome fetch(Scripted fetcher, String url) throws InterruptedException {
        return new FetchPolicy(fetcher, CrawlThrottle.of(Duration.ZERO, 4), SETTINGS).fetch(url, PLAN);
    }

    @Test
    void retries_transport_errors_then_succeeds() throws Exception {
        Scripted fetcher = new Scripted().then(new ConnectException("refused")).then(new ConnectException("refused")).then(html());

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/a.html");

        assertThat(outcome).isInstanceOf(FetchOutcome.Fetched.class);
        assertThat(fetcher.requests).hasSize(3);
    }

    @Test
    void fails_after_the_last_retry_of_a_transport_error() throws Exception {
        Scripted fetcher = new Scripted();
        for (int i = 0; i < 3; i++) {
            fetcher.then(new ConnectException("refused"));
        }

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/a.html");

        assertThat(outcome).isEqualTo(new FetchOutcome.Failed("http://x.org/docs/a.html", 0,
                UrlReason.CONNECTION_FAILED, "connection refused"));
    }

    @Test
    void sends_the_stored_validators_for_the_url_requested_at_each_hop() throws Exception {
        Scripted fetcher = new Scripted()
                .then(response(301, Map.of("location", List.of("/docs/known.html"))))
                .then(response(304, Map.of()));

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/moved.html");

        assertThat(outcome).isInstanceOf(FetchOutcome.NotModified.class);
        assertThat(outcome.url()).isEqualTo("http://x.org/docs/known.html");
        assertThat(fetcher.requests.get(0).etag()).isNull();
        assertThat(fetcher.requests.get(1).etag()).isEqualTo("\"v1\"");
        assertThat(fetcher.requests.get(1).lastModified()).isEqualTo("Tue, 01 Jan 2030 00:00:00 GMT");
    }

    @Test
    void stops_at_a_redirect_target_that_another_fetch_has_claimed() throws Exception {
        Scripted fetcher = new Scripted().then(response(302, Map.of("location", List.of("taken.html"))));

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/a.html");

        assertThat(outcome).isEqualTo(new FetchOutcome.Redirected("http://x.org/docs/a.html", "http://x.org/docs/taken.html"));
        assertThat(fetcher.requests).hasSize(1);
    }

    @Test
    void skips_a_redirect_out_of_the_plan() throws Exception {
        FetchOutcome outcome = fetch(new Scripted().then(response(301, Map.of("location", List.of("http://x.org/blog/")))),
                "http://x.org/docs/a.html");

        assertThat(outcome).isEqualTo(new FetchOutcome.Skipped("http://x.org/docs/a.html", UrlReason.REDIRECTED_OUT_OF_SCOPE,
                "redirected out of scope (to http://x.org/blog/)"));
    }

    @Test
    void fails_a_redirect_without_location() throws Exception {
        FetchOutcome outcome = fetch(new Scripted().then(response(302, Map.of())), "http://x.org/docs/a.html");

        assertThat(outcome).isInstanceOf(FetchOutcome.Failed.class);
        assertThat(((FetchOutcome.Failed) outcome).reason()).contains("without a Location");
    }

    @Test
    void retries_429_after_the_retry_after_it_asks_for() throws Exception {
        Scripted fetcher = new Scripted().then(response(429, Map.of("retry-after", List.of("0")))).then(html());

        assertThat(fetch(fetcher, "http://x.org/docs/a.html")).isInstanceOf(FetchOutcome.Fetched.class);
        assertThat(fetcher.requests).hasSize(2);
    }

    @Test
    void gives_up_on_429_after_the_retries() throws Exception {
        Scripted fetcher = new Scripted();
        for (int i = 0; i < 3; i++) {
            fetcher.then(response(429, Map.of("retry-after", List.of("0"))));
        }

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/a.html");

        assertThat(outcome).isInstanceOf(FetchOutcome.Failed.class);
        assertThat(((FetchOutcome.Failed) outcome).status()).isEqualTo(429);
        assertThat(fetcher.requests).hasSize(3);
    }

    @Test
    void refuses_unwanted_types_and_truncated_bodies() throws Exception {
        FetchResponse pdf = new FetchResponse(java.net.URI.create("http://x.org/"), 200,
                Map.of("content-type", List.of("application/pdf")), new byte[0], false);
        FetchResponse cut = new FetchResponse(java.net.URI.create("http://x.org/"), 200,
                Map.of("content-type", List.of("text/html")), new byte[1000], true);

        assertThat(fetch(new Scripted().then(pdf), "http://x.org/docs/a.pdf")).isInstanceOf(FetchOutcome.Skipped.class);
        assertThat(fetch(new Scripted().then(cut), "http://x.org/docs/big.html"))
                .isEqualTo(new FetchOutcome.Skipped("http://x.org/docs/big.html", UrlReason.TOO_LARGE,
                        "too large (over 1000 bytes)"));
    }

    private static io.knowledgehub.core.crawl.address.DeniedAddressException refused(String host, String address) throws Exception {
        return new io.knowledgehub.core.crawl.address.DeniedAddressException(host,
                io.knowledgehub.core.crawl.address.AddressPolicy.classify(java.net.InetAddress.getByName(address)).orElseThrow());
    }

    @Test
    void a_refused_host_is_denied_at_once_and_never_retried() throws Exception {
        Scripted fetcher = new Scripted().then(refused("x.org", "10.0.0.1")).then(html());

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/a.html");

        assertThat(outcome).isInstanceOfSatisfying(FetchOutcome.Denied.class, d -> {
            assertThat(d.refusedUrl()).isEqualTo("http://x.org/docs/a.html");
            assertThat(d.reason()).isEqualTo("refused: x.org resolves to 10.0.0.1, a private network address "
                    + "(KH_CRAWLER_ALLOWED_NETWORKS opens it)");
        });
        assertThat(fetcher.requests).hasSize(1);
    }

    @Test
    void a_redirect_to_a_refused_address_is_denied_and_not_followed() throws Exception {
        Scripted fetcher = new Scripted().then(response(302, Map.of("location", List.of("http://169.254.169.254/latest/meta-data/"))));

        FetchOutcome outcome = fetch(fetcher, "http://x.org/docs/a.html");

        assertThat(outcome).isInstanceOfSatisfying(FetchOutcome.Denied.class, d -> {
            assertThat(d.url()).isEqualTo("http://x.org/docs/a.html");
            assertThat(d.refusedUrl()).isEqualTo("http://169.254.169.254/latest/meta-data/");
            assertThat(d.reason()).contains("a cloud metadata service address");
        });
        assertThat(fetcher.requests).hasSize(1);
    }
}
