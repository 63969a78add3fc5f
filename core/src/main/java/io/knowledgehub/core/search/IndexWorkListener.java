package io.knowledgehub.core.search;

/**
 * The search index's writer in this process, if it has one (standalone, the indexer service): told when entries are
 * added to the index outbox ({@link IndexOutboxRepository}) so that it applies them at once.
 */
public interface IndexWorkListener {

    /** Whether this process writes the search index (runs the indexer's job workers). */
    boolean writesIndex();

    /** Entries are waiting; apply them soon. Must not block. */
    void workQueued();
}
