package io.knowledgehub.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Passes at most {@code limit} bytes through and fails when the stream holds more: with {@link LimitExceeded}, or the
 * exception the caller gives. Used for pages the crawler fetches and for request bodies sent without a length. No
 * mark and reset: bytes read again would count twice.
 */
public final class BoundedInputStream extends FilterInputStream {

    /** The stream held more than the limit. */
    public static final class LimitExceeded extends IOException {
        LimitExceeded(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private final Supplier<? extends IOException> overLimit;
    private long count;

    public BoundedInputStream(InputStream in, long limit) {
        this(in, limit, () -> new LimitExceeded(limit));
    }

    /** @param overLimit what is thrown once more than {@code limit} bytes were read */
    public BoundedInputStream(InputStream in, long limit, Supplier<? extends IOException> overLimit) {
        super(in);
        this.limit = limit;
        this.overLimit = overLimit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw overLimit.get();
        }
    }
}
