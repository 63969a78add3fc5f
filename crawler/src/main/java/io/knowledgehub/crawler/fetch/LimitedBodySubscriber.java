package io.knowledgehub.crawler.fetch;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a byte limit and cancels the transfer as soon as the limit is passed (or at once
 * with a limit of -1), so a huge or unwanted body is never downloaded whole.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<LimitedBodySubscriber.Body> {

    /** @param truncated more bytes were sent than were kept */
    record Body(byte[] bytes, boolean truncated) {
        static final Body NONE = new Body(new byte[0], false);
    }

    private final long maxBytes;
    private final boolean truncatedWhenSkipped;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer;
    private Flow.Subscription subscription;
    private boolean finished;

    private LimitedBodySubscriber(long maxBytes, boolean truncatedWhenSkipped, int initialCapacity) {
        this.maxBytes = maxBytes;
        this.truncatedWhenSkipped = truncatedWhenSkipped;
        this.buffer = new ByteArrayOutputStream(initialCapacity);
    }

    /**
     * Keeps at most {@code maxBytes}.
     *
     * @param expectedBytes the declared Content-Length, or -1: sizes the buffer so it need not grow
     */
    static LimitedBodySubscriber upTo(long maxBytes, long expectedBytes) {
        int initial = expectedBytes < 0 ? 16 * 1024 : (int) Math.min(expectedBytes, Math.min(maxBytes, Integer.MAX_VALUE - 8));
        return new LimitedBodySubscriber(maxBytes, true, initial);
    }

    /** Reads nothing; {@code truncated} tells whether a body was known to be too large. */
    static LimitedBodySubscriber none(boolean truncated) {
        return new LimitedBodySubscriber(-1, truncated, 0);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (maxBytes < 0) {
            finished = true;
            s.cancel();
            result.complete(truncatedWhenSkipped ? new Body(new byte[0], true) : Body.NONE);
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (finished) {
            return;
        }
        for (ByteBuffer item : items) {
            int room = (int) Math.min(Integer.MAX_VALUE, maxBytes - buffer.size());
            int n = item.remaining();
            if (n > room) {
                byte[] part = new byte[room];
                item.get(part);
                buffer.writeBytes(part);
                finished = true;
                subscription.cancel();
                result.complete(new Body(buffer.toByteArray(), true));
                return;
            }
            if (item.hasArray()) {
                buffer.write(item.array(), item.arrayOffset() + item.position(), n);
                item.position(item.limit());
            } else {
                byte[] bytes = new byte[n];
                item.get(bytes);
                buffer.writeBytes(bytes);
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!finished) {
            finished = true;
            result.completeExceptionally(error);
        }
    }

    @Override
    public void onComplete() {
        if (!finished) {
            finished = true;
            result.complete(new Body(buffer.toByteArray(), false));
        }
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }
}
