package io.knowledgehub.api.limit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.auth.ApiPrincipal;
import io.knowledgehub.core.ratelimit.RateLimitConfig;
import io.knowledgehub.core.ratelimit.RateLimitStore.WindowCount;
import io.knowledgehub.core.ratelimit.RateLimitStore;
import io.knowledgehub.service.error.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Applies the per-client rate limits ({@link RateLimitConfig}) to requests under {@code /api/}, as a Vert.x route
 * handler that runs after authentication (which puts the caller's {@link ApiPrincipal} on the routing context under
 * {@value #PRINCIPAL}) and before the endpoints. A client is its API key ({@code key:<id>}) when the request carries
 * one, else its address ({@code ip:<address>}: the connection's peer, or the {@code X-Forwarded-For} client when
 * proxy address forwarding is on, as in the cluster packaging behind an Ingress).
 *
 * <p>Counted responses carry {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 * (seconds until the window ends); past the limit the answer is a 429 problem with {@code Retry-After}, counted in
 * {@code api_rate_limited_total{limit}}. When the store cannot count, the request passes without those headers.
 */
@ApplicationScoped
public class RateLimitFilter {

    /**
     * Right after authentication ({@code AuthenticationHandler}, -970), before every endpoint: Quarkus's default
     * routes (order 10,000 and up) and extensions' own routes such as the MCP server's.
     */
    public static final int ORDER = -960;
    /** Where authentication leaves the caller's {@link ApiPrincipal}. */
    public static final String PRINCIPAL = ApiPrincipal.CONTEXT_KEY;

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);

    /** The two limits: {@code search} for searches, {@code api} for every other request under /api/. */
    enum Limit {
        API("requests"), SEARCH("searches");

        final String nouns;

        Limit(String nouns) {
            this.nouns = nouns;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final RateLimitStore store;
    private final RateLimitConfig config;
    private final ObjectMapper json;
    private final Map<Limit, Counter> limited = new EnumMap<>(Limit.class);

    public RateLimitFilter(RateLimitStore store, RateLimitConfig config, ObjectMapper json, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.json = json;
        for (Limit l : Limit.values()) {
            limited.put(l, Counter.builder("api.rate.limited").description("Requests refused with 429 by a per-client rate limit")
                    .tag("limit", l.tag()).register(registry));
        }
    }

    void install(@Observes Router router) {
        if (config.api() > 0 || config.search() > 0) {
            router.route().order(ORDER).handler(this::handle);
        }
        LOG.infof("Rate limits: %s API requests and %s searches per %s per client", off(config.api()), off(config.search()),
                per(config.window()));
    }

    /** Which limit a request counts against, if any: requests under /api/ and /mcp; searches against the search limit. */
    static Optional<Limit> classify(String path) {
        // JAX-RS routes /api/v1/search;x=1 (matrix parameters, in any segment) to the search: it counts as one
        path = path == null ? null : path.replaceAll(";[^/]*", "");
        if (path != null && (path.equals("/mcp") || path.startsWith("/mcp/"))) {
            return Optional.of(Limit.API); // assistants' tool calls: requests like any other API call
        }
        if (path == null || !path.startsWith("/api/")) {
            return Optional.empty();
        }
        return Optional.of(path.equals("/api/v1/search") || path.equals("/api/v1/search/") ? Limit.SEARCH : Limit.API);
    }

    static String client(RoutingContext ctx) {
        if (ctx.get(PRINCIPAL) instanceof ApiPrincipal p) {
            return "key:" + p.keyId();
        }
        SocketAddress peer = ctx.request().remoteAddress();
        String address = peer == null ? null : peer.hostAddress();
        return "ip:" + (address == null ? "unknown" : address);
    }

    private void handle(RoutingContext ctx) {
        Limit limit = classify(ctx.normalizedPath()).orElse(null);
        int max = limit == null ? 0 : limit == Limit.SEARCH ? config.search() : config.api();
        if (max <= 0) {
            ctx.next();
            return;
        }
        String client = client(ctx);
        CompletableFuture<Optional<WindowCount>> count = store.increment(limit.tag() + ":" + client, config.window()).toCompletableFuture();
        if (count.isDone()) {
            decide(ctx, limit, max, client, count.join());
            return;
        }
        // the count comes from another thread: hold the request body until the endpoint is there to read it
        Context context = Vertx.currentContext();
        ctx.request().pause();
        count.whenComplete((result, error) -> context.runOnContext(v -> {
            ctx.request().resume();
            decide(ctx, limit, max, client, result == null ? Optional.empty() : result);
        }));
    }

    private void decide(RoutingContext ctx, Limit limit, int max, String client, Optional<WindowCount> counted) {
        if (counted.isEmpty() || within(ctx, limit, max, client, counted.get())) {
            ctx.next();
        }
    }

    /**
     * Counts the further work one request carries against its client's limits, after the request itself was
     * counted: {@code moreRequests} more API requests (the messages of an MCP batch after the first) and
     * {@code searches} searches (MCP search_docs calls). Then runs {@code next}, or answers 429 when a limit is passed.
     */
    public void charge(RoutingContext ctx, int moreRequests, int searches, Runnable next) {
        String client = client(ctx);
        List<CompletableFuture<Optional<WindowCount>>> api = new ArrayList<>();
        List<CompletableFuture<Optional<WindowCount>>> search = new ArrayList<>();
        for (int i = 0; config.api() > 0 && i < moreRequests; i++) {
            api.add(store.increment(Limit.API.tag() + ":" + client, config.window()).toCompletableFuture());
        }
        for (int i = 0; config.search() > 0 && i < searches; i++) {
            search.add(store.increment(Limit.SEARCH.tag() + ":" + client, config.window()).toCompletableFuture());
        }
        if (api.isEmpty() && search.isEmpty()) {
            next.run();
            return;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(java.util.stream.Stream.concat(api.stream(), search.stream())
                .toArray(CompletableFuture[]::new));
        // the answer's RateLimit headers stay the API limit's (the request's own), unless the search limit refuses it
        Runnable decide = () -> {
            if (within(ctx, Limit.SEARCH, config.search(), client, highest(search), false)
                    && within(ctx, Limit.API, config.api(), client, highest(api), true)) {
                next.run();
            }
        };
        if (all.isDone()) {
            decide.run();
            return;
        }
        Context context = Vertx.currentContext();
        all.whenComplete((v, error) -> context.runOnContext(x -> decide.run()));
    }

    /** The highest count among the answers (the last increment's), null when none was counted. */
    private static WindowCount highest(List<CompletableFuture<Optional<WindowCount>>> counts) {
        WindowCount top = null;
        for (CompletableFuture<Optional<WindowCount>> f : counts) {
            Optional<WindowCount> c = f.isCompletedExceptionally() ? Optional.empty() : f.join();
            if (c.isPresent() && (top == null || c.get().count() > top.count())) {
                top = c.get();
            }
        }
        return top;
    }

    private boolean within(RoutingContext ctx, Limit limit, int max, String client, WindowCount c) {
        return within(ctx, limit, max, client, c, true);
    }

    /**
     * True when the count is within the limit (setting the limit's headers if {@code withHeaders}), else answers 429
     * with the limit's headers and returns false.
     */
    private boolean within(RoutingContext ctx, Limit limit, int max, String client, WindowCount c, boolean withHeaders) {
        if (c == null || (!withHeaders && c.count() <= max)) {
            return true;
        }
        long resetSeconds = Math.max(1, (c.resetIn().toMillis() + 999) / 1000);
        var headers = ctx.response().headers();
        headers.set("RateLimit-Limit", Integer.toString(max));
        headers.set("RateLimit-Remaining", Long.toString(Math.max(0, max - c.count())));
        headers.set("RateLimit-Reset", Long.toString(resetSeconds));
        if (c.count() <= max) {
            return true;
        }
        limited.get(limit).increment();
        String who = client.startsWith("key:") ? "this API key" : "this client address";
        String detail = "Rate limit of " + max + " " + limit.nouns + " per " + per(config.window()) + " exceeded for " + who
                + "; retry in " + resetSeconds + " s.";
        headers.set("Retry-After", Long.toString(resetSeconds));
        ctx.response().setStatusCode(429).putHeader("Content-Type", Problem.MEDIA_TYPE).end(problem(detail, ctx.normalizedPath()));
        return false;
    }

    private String problem(String detail, String path) {
        try {
            return json.writeValueAsString(new Problem("about:blank", "Too Many Requests", 429, detail, path, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
    }

    static String per(Duration window) {
        if (window.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (window.toMillis() % 1000 == 0) {
            return window.toSeconds() + " s";
        }
        return window.toMillis() + " ms";
    }

    private static String off(int limit) {
        return limit <= 0 ? "unlimited" : Integer.toString(limit);
    }
}
