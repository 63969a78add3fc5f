package io.knowledgehub.crawler.render;

import io.knowledgehub.crawler.fetch.DeniedHosts;
import io.knowledgehub.crawler.testing.TestAddresses;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendering proxy with a guard that opens 127.0.0.1/32 only, driven by the JDK's HTTP client and a raw socket:
 * requests to 127.0.0.1 pass, requests (and tunnels) to 127.0.0.2 and [::1] are answered 403 and never connected.
 */
class GuardedProxyTest {

    @TempDir
    Path dir;
    private FixtureSiteServer allowed;
    private FixtureSiteServer refused;
    private FixtureSiteServer refusedV6;
    private GuardedProxy proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("page.html"), "<p>hello</p>");
        allowed = FixtureSiteServer.serve(dir);
        refused = FixtureSiteServer.serve(dir, InetAddress.getByName("127.0.0.2"));
        refusedV6 = FixtureSiteServer.serve(dir, InetAddress.getByName("::1"));
        proxy = new GuardedProxy(TestAddresses.loopbackSite(), new DeniedHosts(), Duration.ofSeconds(2));
        client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())))
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        proxy.close();
        client.close();
        allowed.close();
        refused.close();
        refusedV6.close();
    }

    @Test
    void forwards_requests_to_allowed_addresses() throws Exception {
        HttpResponse<String> response = get(allowed.uri("page.html"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<p>hello</p>");
        assertThat(allowed.requestedPaths()).containsExactly("/page.html");
        assertThat(proxy.refused()).isZero();
    }

    @Test
    void refuses_requests_to_refused_addresses_without_connecting() throws Exception {
        assertThat(get(refused.uri("page.html")).statusCode()).isEqualTo(403);
        assertThat(get(URI.create("http://[::1]:" + refusedV6.port() + "/page.html")).statusCode()).isEqualTo(403);
        // a name that resolves (here by the guard's table) to a refused address
        GuardedProxy named = new GuardedProxy(TestAddresses.withNames(Map.of("docs.example", java.util.List.of("127.0.0.2"))),
                new DeniedHosts(), Duration.ofSeconds(2));
        try (named; HttpClient viaNamed = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", named.port()))).build()) {
            HttpResponse<String> response = viaNamed.send(HttpRequest.newBuilder(
                    URI.create("http://docs.example:" + refused.port() + "/page.html")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
        }
        assertThat(refused.requests()).isEmpty();
        assertThat(refusedV6.requests()).isEmpty();
        assertThat(proxy.refused()).isEqualTo(2);
    }

    @Test
    void refuses_tunnels_to_refused_addresses_and_opens_tunnels_to_allowed_ones() throws Exception {
        assertThat(connect("127.0.0.2:" + refused.port())).startsWith("HTTP/1.1 403");
        assertThat(connect("[::1]:" + refusedV6.port())).startsWith("HTTP/1.1 403");
        assertThat(connect("127.0.0.1:" + allowed.port())).startsWith("HTTP/1.1 200");
        assertThat(refused.requests()).isEmpty();
        assertThat(refusedV6.requests()).isEmpty();
    }

    @Test
    void refuses_what_is_not_an_http_request_or_a_tunnel() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write("GET file:///etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The proxy's status line for a CONNECT to {@code authority}. */
    private String connect(String authority) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.append((char) b);
            }
            return line.toString().strip();
        }
    }
}
