package io.knowledgehub.api.limit;

import io.knowledgehub.core.BoundedInputStream;
import io.knowledgehub.service.error.ContentTooLargeException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/**
 * Counts the bytes of a request body as an endpoint reads it and stops at {@code quarkus.http.limits.max-body-size}
 * with {@link ContentTooLargeException}, answered as a 413 problem: the check for bodies sent without a length, whose
 * size is known only once read. ({@link BodySizeLimit} refuses a declared length over the limit before reading.)
 */
@Provider
public class BodyReadLimit implements ReaderInterceptor {

    private final BodySizeLimit limit;

    public BodyReadLimit(BodySizeLimit limit) {
        this.limit = limit;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (limit.maxBytes() < Long.MAX_VALUE) {
            context.setInputStream(new BoundedInputStream(context.getInputStream(), limit.maxBytes(),
                    () -> new ContentTooLargeException(limit.overLimit())));
        }
        return context.proceed();
    }
}
