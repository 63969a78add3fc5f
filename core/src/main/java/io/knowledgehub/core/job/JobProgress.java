package io.knowledgehub.core.job;

/** A running job's line back to the jobs table. */
public interface JobProgress {

    /**
     * Stores the progress figures (and the result counters so far, a value like {@link JobHandler#run}'s result, or null).
     *
     * @return false when the job is no longer running (it was cancelled): the handler should stop
     */
    boolean report(int progress, int totalPages, int processedPages, Object result);

    boolean isCancelled();
}
