package io.knowledgehub.api.source;

import java.util.UUID;

/** Answer of a refresh: the crawl job that will bring the source up to date. */
public record RefreshView(UUID jobId, UUID sourceId, String status, boolean forceRefresh) {
}
