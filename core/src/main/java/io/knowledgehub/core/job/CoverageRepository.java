package io.knowledgehub.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.knowledgehub.core.StoredJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The coverage reports of crawl jobs ({@code job_coverage}). The crawl writes its job's report while it runs and
 * when it ends (standalone or in the crawler service); the api reads it. Each call runs in its own transaction.
 */
@ApplicationScoped
public class CoverageRepository {

    private final EntityManager em;
    private final ObjectMapper json;
    private final ObjectReader reader;

    public CoverageRepository(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
        // a report written by a newer version with more fields still reads
        this.reader = json.readerFor(CrawlCoverage.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Stores (or replaces) the job's report. Nothing is stored when the job no longer exists (its source was
     * removed while it ran).
     */
    public void save(UUID jobId, CrawlCoverage coverage) {
        String text = StoredJson.write(json, coverage);
        QuarkusTransaction.requiringNew().run(() -> {
            if (em.find(Job.class, jobId) == null) {
                return;
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            JobCoverage row = em.find(JobCoverage.class, jobId);
            if (row == null) {
                row = new JobCoverage();
                row.jobId = jobId;
                row.report = text;
                row.updatedAt = now;
                em.persist(row);
            } else {
                row.report = text;
                row.updatedAt = now;
            }
        });
    }

    /** The job's report; empty when none was stored (the job has not run yet, or ran before reports existed). */
    public Optional<CrawlCoverage> find(UUID jobId) {
        String text = QuarkusTransaction.joiningExisting().call(() -> {
            JobCoverage row = em.find(JobCoverage.class, jobId);
            return row == null ? null : row.report;
        });
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.readValue(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored coverage report of job " + jobId + " is not readable", e);
        }
    }
}
