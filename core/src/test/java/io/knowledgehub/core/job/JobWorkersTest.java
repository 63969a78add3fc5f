package io.knowledgehub.core.job;

import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexModelMismatchException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobWorkersTest {

    @Test
    void failed_jobs_show_domain_sentences_but_never_internals() {
        var mismatch = new IndexModelMismatchException(new IndexModel("a", 384), new IndexModel("b", 768));
        assertThat(JobWorkers.userMessage(mismatch)).isEqualTo(mismatch.getMessage());
        assertThat(JobWorkers.userMessage(new IllegalStateException("org.hibernate.Session#flush: constraint X")))
                .doesNotContain("hibernate").contains("server log").contains("retry");
        // an inference server that cannot be used says which and what to set, in the job's error
        var server = new io.knowledgehub.core.embed.EmbeddingServerException("The inference server at http://t2v:8080 runs "
                + "bge-small-en-v1.5, but KnowledgeHub is configured for all-MiniLM-L6-v2; set KH_EMBEDDINGS_MODEL.");
        assertThat(JobWorkers.userMessage(server)).isEqualTo(server.getMessage());
        assertThat(JobWorkers.userMessage(new java.io.IOException("No space left on device")))
                .contains("No space left on device").contains("data directory");
        // however deep the full disk is (the index's writer closed by it, a database commit that failed on it)
        var closed = new IllegalStateException("this IndexWriter is closed",
                new java.io.UncheckedIOException(new java.io.IOException("No space left on device")));
        assertThat(JobWorkers.userMessage(closed)).contains("A disk is full").contains("data directory").contains("Free disk space")
                .contains("/retry");
        var commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new java.sql.SQLException("Writing to /data/db/knowledgehub.mv.db failed; length 4096 at 0: No space left on device"));
        assertThat(JobWorkers.userMessage(commit)).contains("A disk is full");
    }

    @Test
    void a_job_failed_for_being_abandoned_says_how_often_and_what_next() {
        assertThat(JobWorkers.abandonedMessage(3)).contains("abandoned 3 times").contains("not retried again")
                .contains("/retry");
    }
}
