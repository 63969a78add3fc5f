package io.knowledgehub.indexer.job;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Held by whoever changes the index and then records the change in the database (an indexing batch, a rebuild), and
 * by the reconcile while it compares the two: the reconcile must not see a batch half-way, its index written and
 * its documents not yet marked, and take the new entries for stale ones.
 */
@ApplicationScoped
public class IndexWriteLock {

    private final ReentrantLock lock = new ReentrantLock();

    public Lock lock() {
        return lock;
    }
}
