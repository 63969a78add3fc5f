package io.knowledgehub.api.http;

import io.knowledgehub.core.error.InvalidInputException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a request body on a {@link NoBody} endpoint by its declared length, without reading it: more than six bytes
 * is a 400 naming the endpoint. Clients that always send a JSON object send {@code {}} or {@code { }}, perhaps with a
 * line break, or {@code null}; any object with a field is longer ({@code {"a":1}} is seven). A body sent without a
 * length is let through and ignored.
 */
@Provider
@NoBody
public class NoBodyFilter implements ContainerRequestFilter {

    /** The longest body taken for none: {@code { }\r\n}, {@code null\n}. */
    private static final long EMPTY_OBJECT = 6;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return; // the HTTP codec refuses such requests before they get here
        }
        if (declared <= EMPTY_OBJECT) {
            return;
        }
        NoBody noBody = resource.getResourceMethod().getAnnotation(NoBody.class);
        String instead = noBody == null || noBody.value().isEmpty() ? "" : " " + noBody.value();
        throw new InvalidInputException(null, request.getMethod() + " /" + request.getUriInfo().getPath().replaceFirst("^/", "")
                + " takes no request body (this one has " + declared + " bytes); send none." + instead);
    }
}
