package io.knowledgehub.core.job;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobLogContextTest {

    @Test
    void the_job_and_its_source_are_in_the_mdc_while_the_job_runs_and_gone_after() {
        UUID job = UUID.randomUUID();
        UUID source = UUID.randomUUID();
        try (JobLogContext log = JobLogContext.open(job, JobType.CRAWL)) {
            assertThat(MDC.get("job_id")).isEqualTo(job.toString());
            assertThat(MDC.get("job_type")).isEqualTo("crawl");
            assertThat(MDC.get("source_id")).as("not known before the job is read").isNull();
            log.source(source);
            assertThat(MDC.get("source_id")).isEqualTo(source.toString());
        }
        assertThat(MDC.get("job_id")).isNull();
        assertThat(MDC.get("job_type")).isNull();
        assertThat(MDC.get("source_id")).isNull();
    }

    @Test
    void a_new_job_on_the_same_thread_does_not_inherit_the_previous_source() {
        try (JobLogContext log = JobLogContext.open(UUID.randomUUID(), JobType.RAG)) {
            log.source(UUID.randomUUID());
        }
        MDC.put("source_id", "left over");
        try (JobLogContext log = JobLogContext.open(UUID.randomUUID(), JobType.RAG)) {
            assertThat(MDC.get("source_id")).isNull();
            assertThat(MDC.get("job_type")).isEqualTo("rag");
        }
    }
}
