package io.knowledgehub.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.http.HttpProblems;
import io.knowledgehub.service.health.HealthResource;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Authentication and authorization for everything on the main port (API, metrics, docs, static files), on the
 * Vert.x router so nothing escapes it. {@link Access} says what a request needs; a key from {@code X-API-Key} or
 * {@code Authorization: Bearer} (or, on {@code GET /api/v1/jobs/events} only, an event ticket) is resolved to an
 * {@link ApiPrincipal} that is put on the context under {@code kh.principal} for the handlers after this one (rate
 * limits) and the endpoints. The bootstrap key is recognised in memory; stored keys are looked up on a worker thread,
 * never on the event loop. With auth off every request passes and no principal is set.
 */
@ApplicationScoped
public class AuthenticationHandler {

    /** Route order: after the cross-site check ({@code CrossSiteHandler}, -980), before rate limiting. */
    public static final int ORDER = -970;

    static final String NO_KEY = "Send an API key in the X-API-Key header or as Authorization: Bearer <key>.";
    static final String REVOKED = "This API key has been revoked.";
    static final String UNKNOWN = "Unknown API key.";
    static final String BAD_TICKET = "The event ticket is invalid or has expired; fetch a new one with POST /api/v1/auth/event-ticket "
            + "right before connecting.";

    private static final Logger LOG = Logger.getLogger(AuthenticationHandler.class);

    private final AuthConfig config;
    private final Authenticator authenticator;
    private final ObjectMapper json;

    public AuthenticationHandler(AuthConfig config, Authenticator authenticator, ObjectMapper json) {
        this.config = config;
        this.authenticator = authenticator;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (!config.enabled()) {
            ctx.next();
            return;
        }
        String path = ctx.normalizedPath();
        Access access = Access.of(ctx.request().method().name(), path, config);
        if (access == Access.PUBLIC) {
            ctx.next();
            return;
        }
        String key = Authenticator.presentedKey(ctx.request().headers());
        if (key == null) {
            String ticket = ctx.request().getParam("ticket");
            if (ticket != null && ctx.request().method() == HttpMethod.GET && path.equals(Access.EVENTS)) {
                withTicket(ctx, access, ticket);
            } else {
                anonymous(ctx, access, NO_KEY);
            }
            return;
        }
        Optional<ApiPrincipal> bootstrap = authenticator.bootstrap(key);
        if (bootstrap.isPresent()) {
            authorize(ctx, access, bootstrap.get());
            return;
        }
        ctx.vertx().executeBlocking(() -> authenticator.lookup(key), false)
                .onComplete(ar -> decide(ctx, access, ar.succeeded() ? ar.result() : null, ar.cause(), REVOKED, UNKNOWN));
    }

    private void withTicket(RoutingContext ctx, Access access, String ticket) {
        Optional<String> keyId = authenticator.tickets().verify(ticket);
        if (keyId.isEmpty()) {
            unauthorized(ctx, BAD_TICKET);
            return;
        }
        ctx.vertx().executeBlocking(() -> authenticator.lookupId(keyId.get()), false)
                .onComplete(ar -> decide(ctx, access, ar.succeeded() ? ar.result() : null, ar.cause(),
                        "The key this event ticket was issued for has been revoked.", BAD_TICKET));
    }

    private void decide(RoutingContext ctx, Access access, Authenticator.Outcome outcome, Throwable failure,
                        String revoked, String unknown) {
        if (failure != null) {
            LOG.warnf("Could not check an API key for %s %s: %s", ctx.request().method(), ctx.normalizedPath(), failure.toString());
            ctx.response().putHeader("Retry-After", "10");
            HttpProblems.send(ctx, json, 503, "Service Unavailable",
                    "The API key could not be checked because the database is unavailable; try again shortly.");
            return;
        }
        switch (outcome) {
            case Authenticator.Outcome.Valid v -> authorize(ctx, access, v.principal());
            case Authenticator.Outcome.Revoked r -> anonymous(ctx, access, revoked);
            case Authenticator.Outcome.Unknown u -> anonymous(ctx, access, unknown);
        }
    }

    /** No valid key: open endpoints proceed (the health summary without details), the others answer 401. */
    private void anonymous(RoutingContext ctx, Access access, String why) {
        if (access != Access.IDENTIFIED) {
            unauthorized(ctx, why);
            return;
        }
        if (!config.publicHealthDetails() && ctx.normalizedPath().startsWith(Access.HEALTH)) {
            ctx.put(HealthResource.SUMMARY_ONLY, Boolean.TRUE);
        }
        ctx.next();
    }

    private void authorize(RoutingContext ctx, Access access, ApiPrincipal principal) {
        if (!principal.scope().covers(access.scope())) {
            HttpProblems.send(ctx, json, 403, "Forbidden", "This key has the " + principal.scope().wire() + " scope; "
                    + ctx.request().method().name() + " " + ctx.normalizedPath() + " needs an admin key.");
            return;
        }
        ctx.put(ApiPrincipal.CONTEXT_KEY, principal);
        ctx.next();
    }

    private void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"KnowledgeHub\"");
        HttpProblems.send(ctx, json, 401, "Unauthorized", detail);
    }
}
