package io.knowledgehub.core.job;

import java.time.Duration;

/** The standalone queue keeps the same lease rules as a shared one, timed by this process's clock. */
class InProcessJobQueueTest extends JobQueueContract {

    @Override
    protected JobQueue newQueue(Duration lease, int maxAttempts) {
        return new InProcessJobQueue(lease, maxAttempts);
    }
}
