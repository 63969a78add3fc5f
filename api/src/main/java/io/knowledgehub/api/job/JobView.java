package io.knowledgehub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.job.Job;

import java.time.Instant;
import java.util.UUID;

/** A job on the wire; {@code result} holds the crawl counters (spec Tutorial 5) once there are any. */
public record JobView(UUID id, UUID sourceId, String type, String status, int progress, int totalPages,
                      int processedPages, boolean forceRefresh, Instant createdAt, Instant startedAt,
                      Instant completedAt, String errorMessage, JsonNode result, UUID retryOf) {

    public static JobView of(Job j, ObjectMapper json) {
        JsonNode result = StoredJson.read(json, j.result, "job result");
        return new JobView(j.id, j.sourceId, j.type, j.status().wire(), j.progress, j.totalPages, j.processedPages,
                j.forceRefresh, j.createdAt, j.startedAt, j.completedAt, j.errorMessage, result, j.retryOf);
    }
}
