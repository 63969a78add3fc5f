package io.knowledgehub.core.job;

import org.jboss.logging.MDC;

import java.util.UUID;

/**
 * The job a worker thread is running, in the logging MDC: {@code job_id}, {@code job_type} and {@code source_id} are
 * on every log line the worker writes for the job (the JSON log format, {@code JSON_LOGGING=true}, prints them under
 * {@code mdc}). Lines of threads a handler starts itself do not carry them.
 */
final class JobLogContext implements AutoCloseable {

    static final String JOB_ID = "job_id";
    static final String JOB_TYPE = "job_type";
    static final String SOURCE_ID = "source_id";

    private JobLogContext() {
    }

    static JobLogContext open(UUID jobId, JobType type) {
        MDC.put(JOB_ID, jobId.toString());
        MDC.put(JOB_TYPE, type.wire());
        MDC.remove(SOURCE_ID);
        return new JobLogContext();
    }

    /** Adds the job's source once the job is read. */
    JobLogContext source(UUID sourceId) {
        if (sourceId != null) {
            MDC.put(SOURCE_ID, sourceId.toString());
        }
        return this;
    }

    @Override
    public void close() {
        MDC.remove(JOB_ID);
        MDC.remove(JOB_TYPE);
        MDC.remove(SOURCE_ID);
    }
}
