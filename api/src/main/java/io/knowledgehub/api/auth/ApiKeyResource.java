package io.knowledgehub.api.auth;

import io.knowledgehub.api.Ids;
import io.knowledgehub.core.auth.ApiKeyService;
import io.knowledgehub.core.error.InvalidInputException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Key management (admin scope): create, list, revoke. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final AuthConfig auth;

    public ApiKeyResource(ApiKeyService keys, AuthConfig auth) {
        this.keys = keys;
        this.auth = auth;
    }

    @POST
    @Operation(summary = "Create a key; the answer is the only time the key itself is shown")
    public Response create(CreateApiKeyRequest body) {
        if (body == null) {
            throw new InvalidInputException(null, "Send a JSON body with name and scope, e.g. {\"name\": \"CI search\", \"scope\": \"read\"}.");
        }
        ApiKeyService.Created created = keys.create(body.name(), body.scope());
        var k = created.key();
        return Response.created(URI.create("/api/v1/keys/" + k.id))
                .entity(new CreatedApiKeyView(k.id.toString(), k.name, k.scope, created.secret(), k.createdAt)).build();
    }

    @GET
    @Operation(summary = "All keys, revoked ones included (never the keys themselves)")
    public ApiKeyList list() {
        return new ApiKeyList(keys.list().stream().map(ApiKeyView::of).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a key; it is refused from the next request on")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(Ids.parse("key", id), auth.adminApiKey().map(String::strip).filter(k -> !k.isEmpty()).isPresent());
        return Response.noContent().build();
    }
}
