package io.knowledgehub.core.backup;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a backup from catching the database and the search index half-way through a change of both. The index
 * follows the database in two steps (an indexing batch writes the index, then marks its documents; a removed page
 * or source is deleted from the database, then from the index), and a copy taken between the two would not
 * agree with itself.
 *
 * <p>Every such change runs inside {@link #change}; changes run side by side and never wait for each other here.
 * A backup runs inside {@link #snapshot}: it waits for the changes in progress, and changes that start meanwhile wait
 * until it returns. Searches and everything that touches only one store never pass the gate (a holder of the index
 * write lock passes it all the same: that lock takes the gate's change side).
 *
 * <p>Lock order: a holder of the index write lock may enter {@link #change}; {@link #snapshot} takes nothing else, so
 * the gate cannot deadlock with the database's row locks or the index write lock.
 */
@ApplicationScoped
public class BackupGate {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Runs a change of the database and the index together. Re-entrant. */
    public <T> T change(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a change of the database and the index together. Re-entrant. */
    public void change(Runnable work) {
        change(() -> {
            work.run();
            return null;
        });
    }

    /** The side {@link #change} holds, for a holder that locks and unlocks in different places. */
    public Lock changeLock() {
        return lock.readLock();
    }

    /** Runs {@code work} while no change of the two stores is in progress and none can start. */
    public <T> T snapshot(Callable<T> work) throws Exception {
        lock.writeLock().lock();
        try {
            return work.call();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
