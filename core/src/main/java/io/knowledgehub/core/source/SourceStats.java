package io.knowledgehub.core.source;

/** Counts shown with a source. {@code lastJobStatus} is null before the first job. */
public record SourceStats(long documents, long chunks, String lastJobStatus) {
}
