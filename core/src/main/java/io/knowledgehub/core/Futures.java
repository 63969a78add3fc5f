package io.knowledgehub.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work done on another thread. */
public final class Futures {

    /**
     * The task's result; what it failed with, as it was thrown on the other thread (not wrapped in a
     * {@link CompletionException}), so a caller's error handling and its user's message are those of the failure.
     */
    public static <T> T joined(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Futures() {
    }
}
