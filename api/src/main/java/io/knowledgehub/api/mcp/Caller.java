package io.knowledgehub.api.mcp;

import io.knowledgehub.api.auth.ApiPrincipal;
import io.knowledgehub.api.auth.AuthConfig;
import io.knowledgehub.core.auth.ApiKeyScope;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who called a tool. The authentication handler lets any read key reach {@code /mcp}; a tool that changes something
 * checks for the admin scope here, from the principal the handler put on the HTTP request. With auth off everyone
 * may do everything, as on the REST API.
 */
@ApplicationScoped
class Caller {

    private final AuthConfig auth;
    private final CurrentVertxRequest request;

    Caller(AuthConfig auth, CurrentVertxRequest request) {
        this.auth = auth;
        this.request = request;
    }

    boolean isAdmin() {
        if (!auth.enabled()) {
            return true;
        }
        RoutingContext ctx = request.getCurrent();
        ApiPrincipal principal = ctx == null ? null : ctx.get(ApiPrincipal.CONTEXT_KEY);
        return principal != null && principal.scope().covers(ApiKeyScope.ADMIN);
    }
}
