package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.BoundedInputStream;
import io.knowledgehub.core.crawl.FetchRequest;
import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.DeniedAddressException;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/**
 * {@link PageFetcher} over Apache HttpClient 5 (classic API): HTTP/1.1, no redirect following, no automatic retries,
 * cookies or proxies, one connection pool shared by every crawl. The body is streamed and cut as soon as it passes
 * {@code maxBytes} or when its content type is not wanted; gzip is decoded as it streams (the limit applies to the
 * decoded bytes). {@code requestTimeout} bounds the whole exchange, body included.
 *
 * <p><b>Why this client.</b> The crawler must connect only to addresses its {@link AddressGuard} has checked: resolving
 * a host once to check it and letting the HTTP client resolve it again to connect would let a DNS answer that
 * changes in between (DNS rebinding) reach a refused address. The JDK's {@code HttpClient} always resolves by itself
 * and takes no resolver. HttpClient 5 takes a {@link DnsResolver}: ours asks the guard, which resolves the host,
 * refuses it when any of its addresses is refused, and returns exactly the checked addresses, and the connection
 * operator connects to those. TLS keeps working on the host name (SNI and hostname verification use the URL's
 * host, never the address). Pooled connections were opened to checked addresses, so reusing one needs no check.
 * No proxy is configured (system proxy properties are deliberately not read): through a proxy the address check
 * would be the proxy's.
 *
 * <p>Each exchange runs on its own virtual thread while the caller waits for it, so a timeout or an interrupt (a
 * cancelled crawl) aborts the exchange at once ({@link HttpGet#cancel()} closes its connection) whatever the caller's
 * thread is blocked in.
 */
public final class HttpPageFetcher implements PageFetcher, AutoCloseable {

    static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
    /** Error pages are read (and dropped) up to this size so the connection can be reused. */
    private static final int DRAIN_LIMIT = 64 * 1024;
    /** Connections to one host at once; a crawl's own parallelism is lower, several crawls may share a host. */
    private static final int MAX_PER_HOST = 64;
    private static final int MAX_TOTAL = 512;

    private final CloseableHttpClient client;
    private final CrawlerSettings settings;

    public HttpPageFetcher(CrawlerSettings settings) {
        this.settings = settings;
        Timeout requestTimeout = Timeout.of(settings.requestTimeout());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckedDnsResolver(settings.addresses()))
                .setMaxConnPerRoute(MAX_PER_HOST)
                .setMaxConnTotal(MAX_TOTAL)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(requestTimeout).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(requestTimeout)
                        // a kept-alive connection the server closed meanwhile is noticed before it is reused
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(requestTimeout)
                        .setResponseTimeout(requestTimeout)
                        .setRedirectsEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .build())
                .build();
    }

    @Override
    public FetchResponse fetch(FetchRequest request) throws IOException, InterruptedException {
        HttpGet get = new HttpGet(request.url());
        get.setHeader("User-Agent", settings.userAgent());
        get.setHeader("Accept", ACCEPT);
        get.setHeader("Accept-Encoding", "gzip");
        if (request.etag() != null) {
            get.setHeader("If-None-Match", request.etag());
        }
        if (request.lastModified() != null) {
            get.setHeader("If-Modified-Since", request.lastModified());
        }
        CompletableFuture<FetchResponse> result = new CompletableFuture<>();
        Thread exchange = Thread.ofVirtual().name("kh-fetch").start(() -> {
            try {
                result.complete(exchange(get, request));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(get, exchange);
            throw new SocketTimeoutException("no complete response within " + settings.requestTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            // a cancelled crawl: abort the exchange instead of leaving it to run to its timeout
            abort(get, exchange);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    private static void abort(HttpGet get, Thread exchange) {
        get.cancel();
        exchange.interrupt();
    }

    private FetchResponse exchange(HttpGet get, FetchRequest request) throws IOException {
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, get, null);
        } catch (IOException e) {
            throw unwrapped(e);
        }
        boolean reusable = false;
        try {
            int status = response.getCode();
            Map<String, List<String>> headers = lowerCased(response.getHeaders());
            HttpEntity entity = response.getEntity();
            Body body;
            if (entity == null) {
                body = Body.NONE;
                reusable = true;
            } else if (status < 200 || status > 299) {
                // callers only want the status; a short error page is read so the connection can be reused
                reusable = drained(entity.getContent());
                body = Body.NONE;
            } else if (!request.acceptBody().test(first(headers, "content-type"))) {
                body = Body.NONE;
            } else if (first(headers, "content-encoding").isEmpty()
                    && entity.getContentLength() > request.limitFor(first(headers, "content-type"))) {
                body = Body.TOO_LARGE;
            } else {
                // an HTML page is read no further than its own limit, also without a length or once decompressed
                body = read(entity.getContent(), isGzip(headers), request.limitFor(first(headers, "content-type")),
                        entity.getContentLength());
                reusable = body.reusable();
            }
            return new FetchResponse(request.url(), status, headers, body.bytes(), body.truncated());
        } finally {
            if (reusable) {
                response.close();
            } else {
                // not read to its end: drop the connection rather than download the rest to reuse it
                get.cancel();
                if (response instanceof CloseableHttpResponse closeable) {
                    closeable.close(CloseMode.IMMEDIATE);
                }
            }
        }
    }

    /** A refusal of the address guard as itself, however the client wrapped it. */
    private static IOException unwrapped(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DeniedHost denied) {
                return denied.denied;
            }
        }
        return e;
    }

    /**
     * @param truncated more bytes were sent than were kept
     * @param reusable  the body was read to its end, so the connection can go back to the pool
     */
    private record Body(byte[] bytes, boolean truncated, boolean reusable) {
        static final Body NONE = new Body(new byte[0], false, false);
        static final Body TOO_LARGE = new Body(new byte[0], true, false);
    }

    /**
     * Reads at most {@code maxBytes} (decoded) bytes. With gzip the compressed stream is bounded by the same limit:
     * compressed data alone over the limit makes the page too large either way.
     */
    private static Body read(InputStream raw, boolean gzip, long maxBytes, long declared) throws IOException {
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
        InputStream in = raw;
        if (gzip) {
            PushbackInputStream peek = new PushbackInputStream(raw, 1);
            int first = peek.read();
            if (first < 0) {
                return new Body(new byte[0], false, true);
            }
            peek.unread(first);
            try {
                in = new GZIPInputStream(new BoundedInputStream(peek, limit), 8192);
            } catch (BoundedInputStream.LimitExceeded e) {
                return Body.TOO_LARGE;
            }
        }
        int initial = declared < 0 || gzip ? 16 * 1024 : (int) Math.min(declared, limit);
        ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int room = limit - out.size();
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, room + 1L));
                if (n < 0) {
                    break;
                }
                if (n > room) {
                    out.write(buffer, 0, room);
                    return new Body(out.toByteArray(), true, false);
                }
                out.write(buffer, 0, n);
            }
        } catch (BoundedInputStream.LimitExceeded e) {
            return Body.TOO_LARGE;
        }
        // the gzip stream may end before the transfer does (trailing bytes): reach the end to reuse the connection
        return new Body(out.toByteArray(), false, !gzip || drained(raw));
    }

    /** Reads what is left up to {@link #DRAIN_LIMIT}; true when the stream ended (the connection can be reused). */
    private static boolean drained(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        while (total <= DRAIN_LIMIT) {
            int n = in.read(buffer);
            if (n < 0) {
                return true;
            }
            total += n;
        }
        return false;
    }

    private static boolean isGzip(Map<String, List<String>> headers) {
        List<String> encoding = headers.get("content-encoding");
        return encoding != null && encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("gzip"));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static Map<String, List<String>> lowerCased(Header[] headers) {
        Map<String, List<String>> out = new HashMap<>();
        for (Header h : headers) {
            out.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        Map<String, List<String>> copy = new HashMap<>();
        out.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Map.copyOf(copy);
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    /**
     * The resolver of the connection pool: the guard's checked addresses, or the guard's refusal (a
     * {@link io.knowledgehub.core.crawl.address.DeniedAddressException}, which reaches the caller unchanged).
     */
    private record CheckedDnsResolver(AddressGuard guard) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                return guard.resolve(host).toArray(InetAddress[]::new);
            } catch (DeniedAddressException e) {
                throw new DeniedHost(e);
            }
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress address : resolve(host)) {
                out.add(new InetSocketAddress(address, port));
            }
            return out;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** Carries a refusal through the resolver's {@code throws UnknownHostException} signature. */
    static final class DeniedHost extends UnknownHostException {
        final transient DeniedAddressException denied;

        DeniedHost(DeniedAddressException denied) {
            super(denied.getMessage());
            this.denied = denied;
            initCause(denied);
        }
    }
}
