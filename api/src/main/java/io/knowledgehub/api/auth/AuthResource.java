package io.knowledgehub.api.auth;

import io.knowledgehub.api.http.NoBody;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the caller is, and event tickets for the live job stream. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication", description = "API keys and the caller's identity")
public class AuthResource {

    /** Event tickets issued while auth is off name no key; they are not even checked then. */
    static final String NO_KEY_ID = "none";

    private final AuthConfig config;
    private final Authenticator authenticator;

    public AuthResource(AuthConfig config, Authenticator authenticator) {
        this.config = config;
        this.authenticator = authenticator;
    }

    @GET
    @Operation(summary = "Whether API keys are required and which key (scope, id, name) this request was sent with; open without a key")
    public AuthStatusView status(@Context RoutingContext request) {
        if (!config.enabled()) {
            return new AuthStatusView(false, true, "admin", null, null);
        }
        ApiPrincipal p = request.get(ApiPrincipal.CONTEXT_KEY);
        return p == null ? new AuthStatusView(true, false, null, null, null)
                : new AuthStatusView(true, true, p.scope().wire(), p.keyId(), p.name());
    }

    @POST
    @Path("/event-ticket")
    @NoBody
    @Operation(summary = "A short-lived ticket for GET /api/v1/jobs/events?ticket=... (an EventSource cannot send the key header); "
            + "fetch a new one for every connection")
    public EventTicketView eventTicket(@Context RoutingContext request) {
        ApiPrincipal p = request.get(ApiPrincipal.CONTEXT_KEY);
        EventTickets tickets = authenticator.tickets();
        return new EventTicketView(tickets.issue(p == null ? NO_KEY_ID : p.keyId()), tickets.ttl().toSeconds());
    }
}
