package io.knowledgehub.api.limit;

import io.knowledgehub.service.error.ContentTooLargeException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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
            context.setInputStream(new Counted(context.getInputStream(), limit));
        }
        return context.proceed();
    }

    private static final class Counted extends FilterInputStream {

        private final BodySizeLimit limit;
        private long read;

        Counted(InputStream in, BodySizeLimit limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /** No re-reading: a reader that marked and reset would have its bytes counted twice. */
        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public long skip(long n) throws IOException {
            return count(super.skip(n));
        }

        private long count(long n) throws ContentTooLargeException {
            read += n;
            if (read > limit.maxBytes()) {
                throw new ContentTooLargeException(limit.overLimit());
            }
            return n;
        }
    }
}
