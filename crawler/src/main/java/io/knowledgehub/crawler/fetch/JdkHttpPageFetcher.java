package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.FetchRequest;
import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.crawler.engine.CrawlerSettings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/**
 * {@link PageFetcher} over the JDK's {@link HttpClient}: HTTP/1.1, no redirect following, one client (and its
 * connection pool) shared by every crawl. The body is streamed into a bounded buffer and the transfer is cut as
 * soon as it passes {@code maxBytes} or when its content type is not wanted; gzip is decoded transparently (the
 * limit applies to the decoded bytes). {@code requestTimeout} bounds the whole exchange, body included.
 */
public final class JdkHttpPageFetcher implements PageFetcher {

    static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
    /** Error pages are read (and dropped) up to this size so the connection can be reused. */
    private static final long DRAIN_LIMIT = 64 * 1024;

    private final HttpClient client;
    private final CrawlerSettings settings;

    public JdkHttpPageFetcher(CrawlerSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    @Override
    public FetchResponse fetch(FetchRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url())
                .GET()
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip");
        if (request.etag() != null) {
            builder.header("If-None-Match", request.etag());
        }
        if (request.lastModified() != null) {
            builder.header("If-Modified-Since", request.lastModified());
        }
        CompletableFuture<HttpResponse<LimitedBodySubscriber.Body>> future =
                client.sendAsync(builder.build(), info -> subscriberFor(info, request));
        HttpResponse<LimitedBodySubscriber.Body> response;
        try {
            response = future.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + settings.requestTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            // a cancelled crawl: abort the exchange instead of leaving it to run to its timeout
            future.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("request cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        Map<String, List<String>> headers = lowerCased(response.headers().map());
        LimitedBodySubscriber.Body body = response.body();
        if (body.bytes().length > 0 && isGzip(headers)) {
            body = gunzip(body, request.maxBytes());
        }
        return new FetchResponse(request.url(), response.statusCode(), headers, body.bytes(), body.truncated());
    }

    private static HttpResponse.BodySubscriber<LimitedBodySubscriber.Body> subscriberFor(HttpResponse.ResponseInfo info,
                                                                                         FetchRequest request) {
        int status = info.statusCode();
        if (status < 200 || status > 299) {
            return new DiscardingSubscriber(LimitedBodySubscriber.upTo(DRAIN_LIMIT, 0));
        }
        String type = info.headers().firstValue("content-type").orElse("");
        if (!request.acceptBody().test(type)) {
            return LimitedBodySubscriber.none(false);
        }
        long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
        boolean encoded = info.headers().firstValue("content-encoding").isPresent();
        if (!encoded && declared > request.maxBytes()) {
            return LimitedBodySubscriber.none(true);
        }
        return LimitedBodySubscriber.upTo(request.maxBytes(), encoded ? -1 : declared);
    }

    private static boolean isGzip(Map<String, List<String>> headers) {
        List<String> encoding = headers.get("content-encoding");
        return encoding != null && encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("gzip"));
    }

    private static LimitedBodySubscriber.Body gunzip(LimitedBodySubscriber.Body body, long maxBytes) throws IOException {
        if (body.truncated()) {
            // the compressed form alone is over the limit: the page is too large either way
            return new LimitedBodySubscriber.Body(new byte[0], true);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.bytes()))) {
            int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
            byte[] decoded = in.readNBytes(limit);
            boolean more = in.read() >= 0;
            return new LimitedBodySubscriber.Body(decoded, more);
        }
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new HashMap<>();
        headers.forEach((name, values) -> out.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
            List<String> merged = new java.util.ArrayList<>(a);
            merged.addAll(b);
            return merged;
        }));
        return Map.copyOf(out);
    }

    /** Reads a bounded error body and hands back nothing: callers only want the status of non-2xx answers. */
    private record DiscardingSubscriber(LimitedBodySubscriber delegate)
            implements HttpResponse.BodySubscriber<LimitedBodySubscriber.Body> {

        @Override
        public java.util.concurrent.CompletionStage<LimitedBodySubscriber.Body> getBody() {
            return delegate.getBody().thenApply(b -> LimitedBodySubscriber.Body.NONE);
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            delegate.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> item) {
            delegate.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            delegate.onError(throwable);
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }
    }
}
