package io.knowledgehub.indexer.job;

import io.knowledgehub.core.backup.BackupGate;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Held by whoever changes the index and then records the change in the database (an indexing batch, a rebuild), and
 * by the reconcile while it compares the two (and by {@code GET /api/v1/index} when it looks again at documents that
 * differed): the reconcile must not see a batch half-way, its index written and
 * its documents not yet marked, and take the new entries for stale ones. For the same reason a backup must not
 * copy the two stores then: holding this lock also holds the {@link BackupGate}'s change side (taken second, released
 * first).
 */
@ApplicationScoped
public class IndexWriteLock {

    private final Lock lock;

    public IndexWriteLock(BackupGate backupGate) {
        this.lock = new Both(new ReentrantLock(), backupGate.changeLock());
    }

    public Lock lock() {
        return lock;
    }

    /** Two locks taken in order and released in reverse; no conditions. */
    private record Both(Lock first, Lock second) implements Lock {

        @Override
        public void lock() {
            first.lock();
            try {
                second.lock();
            } catch (RuntimeException | Error e) {
                first.unlock();
                throw e;
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            first.lockInterruptibly();
            try {
                second.lockInterruptibly();
            } catch (InterruptedException | RuntimeException | Error e) {
                first.unlock();
                throw e;
            }
        }

        @Override
        public boolean tryLock() {
            if (!first.tryLock()) {
                return false;
            }
            if (second.tryLock()) {
                return true;
            }
            first.unlock();
            return false;
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(time);
            if (!first.tryLock(time, unit)) {
                return false;
            }
            try {
                if (second.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                first.unlock();
                throw e;
            }
            first.unlock();
            return false;
        }

        @Override
        public void unlock() {
            try {
                second.unlock();
            } finally {
                first.unlock();
            }
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("the index write lock has no conditions");
        }
    }
}
