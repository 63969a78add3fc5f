package io.knowledgehub.core.source;

import java.util.UUID;

/**
 * Counts shown with a source. {@code lastJobStatus} is null before the first job; {@code lastJobId} is the job whose
 * status it is (for its error message), not shown by the API.
 */
public record SourceStats(long documents, long chunks, String lastJobStatus, UUID lastJobId) {
}
