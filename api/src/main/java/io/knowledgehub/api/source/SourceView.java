package io.knowledgehub.api.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.SourceConfigParser;
import io.knowledgehub.core.source.SourceStats;

import java.time.Instant;
import java.util.UUID;

/**
 * A source on the wire. {@code config} is the source's config as {@link SourceConfigParser#toJson} writes it, every key
 * with its value; {@code job_id} appears only in answers that started a crawl.
 */
public record SourceView(UUID id, String name, String description, String baseUrl, String sourceType, String status,
                         JsonNode config, Instant createdAt, Instant updatedAt, Instant lastCrawlAt, Stats stats,
                         @JsonInclude(JsonInclude.Include.NON_NULL) UUID jobId) {

    public record Stats(long documents, long chunks, String lastJobStatus) {
    }

    public static SourceView of(KnowledgeSource s, SourceStats stats, UUID jobId) {
        SourceStats st = stats == null ? new SourceStats(0, 0, null, null) : stats;
        return new SourceView(s.id, s.name, s.description, s.baseUrl, s.sourceType, s.status().wire(),
                SourceConfigParser.toJson(s.config), s.createdAt,
                s.updatedAt, s.lastCrawlAt, new Stats(st.documents(), st.chunks(), st.lastJobStatus()), jobId);
    }
}
