package io.knowledgehub.service.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.job.JobEnded;
import io.knowledgehub.core.job.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What the job workers of this process did, from each job's end ({@link JobEnded}) and its result counters:
 * <ul>
 *   <li>{@code jobs_finished_total{type, status}} and {@code job_duration_seconds{type, status}} (histogram);</li>
 *   <li>crawls: {@code crawl_pages_total{result}} with result {@code checked}, {@code new}, {@code updated},
 *       {@code unchanged}, {@code deleted}, {@code failed}, {@code skipped} (the job result's {@code pages_*});</li>
 *   <li>indexing: {@code index_documents_total{result="indexed"|"failed"}}, {@code index_chunks_total},
 *       {@code index_chunks_embedded_total} and {@code index_chunks_reused_total} (of the chunks written, those the
 *       model embedded and those that kept a stored vector), and {@code index_embedding_seconds_total}.</li>
 * </ul>
 */
@ApplicationScoped
public class JobMetrics {

    static final List<String> CRAWL_RESULTS = List.of("checked", "new", "updated", "unchanged", "deleted", "failed", "skipped");

    private final MeterRegistry registry;
    private final ObjectMapper json;

    public JobMetrics(MeterRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    void ended(@Observes JobEnded e) {
        String type = e.type().wire();
        String status = e.status().wire();
        Counter.builder("jobs.finished").description("Jobs this process ran to a final status")
                .tags("type", type, "status", status).register(registry).increment();
        Timer.builder("job.duration").description("How long jobs ran in this process, from take to end")
                .tags("type", type, "status", status).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry).record(e.duration());
        JsonNode result = read(e.resultJson());
        if (result == null) {
            return;
        }
        if (e.type() == JobType.CRAWL) {
            for (String r : CRAWL_RESULTS) {
                count("crawl.pages", "Pages crawled by this process, by result", "result", r, result.path("pages_" + r).asDouble(0));
            }
        } else {
            count("index.documents", "Documents indexed by this process", "result", "indexed", result.path("documents_indexed").asDouble(0));
            count("index.documents", "Documents indexed by this process", "result", "failed", result.path("documents_failed").asDouble(0));
            Counter.builder("index.chunks").description("Chunks embedded and written to the index by this process")
                    .register(registry).increment(result.path("chunks_indexed").asDouble(0));
            Counter.builder("index.chunks.embedded").description("Chunks whose text the model embedded in this process")
                    .register(registry).increment(Math.max(0, result.path("chunks_embedded").asDouble(0)));
            Counter.builder("index.chunks.reused").description("Chunks that kept a stored vector instead of being embedded again")
                    .register(registry).increment(Math.max(0, result.path("chunks_reused").asDouble(0)));
            Counter.builder("index.embedding.seconds").description("Time spent embedding chunks in this process")
                    .register(registry).increment(result.path("embedding_seconds").asDouble(0));
        }
    }

    private void count(String name, String description, String tag, String value, double amount) {
        Counter.builder(name).description(description).tags(tag, value).register(registry).increment(Math.max(0, amount));
    }

    private JsonNode read(String resultJson) {
        if (resultJson == null || resultJson.isBlank()) {
            return null;
        }
        try {
            return json.readTree(resultJson);
        } catch (IOException e) {
            return null;
        }
    }
}
