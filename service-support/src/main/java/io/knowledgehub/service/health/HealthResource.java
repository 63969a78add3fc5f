package io.knowledgehub.service.health;

import io.knowledgehub.service.error.ProblemMappers;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: {@code {status, timestamp, services}} naming every component in use, and
 * {@code GET /health/{component}} with details. 200 when all are operational, else 503. {@code GET /health/ready} has
 * the shape of {@code /health} but checks only the components of {@code kh.health.readiness} (those a search needs):
 * the readiness probe of the Kubernetes chart. Where the api requires keys, a caller without one sees only
 * {@code {status, timestamp}} ({@link #SUMMARY_ONLY}).
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health")
public class HealthResource {

    /**
     * Set to {@code true} on the Vert.x routing context by the api's authentication when the caller may see only the
     * overall status ({@code {status, timestamp}}): auth is on, no valid key was sent and details are not public.
     */
    public static final String SUMMARY_ONLY = "kh.health.summary-only";

    /** The path of the readiness summary: not a component name. */
    public static final String READY = "ready";

    private final List<ComponentCheck> checks;
    private final List<ComponentCheck> readiness;

    public HealthResource(HealthChecks checks, HealthConfig config) {
        this.checks = checks.inUse();
        this.readiness = this.checks.stream().filter(c -> config.readiness().contains(c.name())).toList();
    }

    @GET
    @Operation(summary = "Overall health with the state of each component in use")
    public Response health(@Context RoutingContext request) {
        return summary(checks, request);
    }

    @GET
    @Path("/" + READY)
    @Operation(summary = "Health of the components a search needs (kh.health.readiness), shaped like /health: the readiness probe")
    public Response ready(@Context RoutingContext request) {
        return summary(readiness, request);
    }

    private static Response summary(List<ComponentCheck> checks, RoutingContext request) {
        Map<String, String> services = new LinkedHashMap<>();
        boolean all = true;
        for (ComponentCheck c : checks) {
            boolean ok = HealthChecks.check(c).operational();
            all &= ok;
            services.put(c.name(), ok ? "operational" : "down");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", all ? "healthy" : "unhealthy");
        body.put("timestamp", BigDecimal.valueOf(System.currentTimeMillis(), 3));
        if (request == null || !Boolean.TRUE.equals(request.get(SUMMARY_ONLY))) {
            body.put("services", services);
        }
        return Response.status(all ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("/{component}")
    @Operation(summary = "Health of one component, with details")
    public Response component(@PathParam("component") String name, @Context UriInfo uri, @Context RoutingContext request) {
        for (ComponentCheck c : checks) {
            if (c.name().equals(name)) {
                ComponentCheck.Result r = HealthChecks.check(c);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("service", name);
                body.put("status", r.operational() ? "operational" : "down");
                body.put("timestamp", BigDecimal.valueOf(System.currentTimeMillis(), 3));
                if (request == null || !Boolean.TRUE.equals(request.get(SUMMARY_ONLY))) {
                    body.put("details", r.details());
                }
                return Response.status(r.operational() ? 200 : 503).entity(body).build();
            }
        }
        return ProblemMappers.problem(404, "Not Found", "No component named \"" + name + "\" is in use in this deployment; the components are "
                + checks.stream().map(ComponentCheck::name).toList() + ".", uri, null);
    }
}
