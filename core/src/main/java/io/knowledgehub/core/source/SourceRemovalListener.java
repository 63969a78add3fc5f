package io.knowledgehub.core.source;

import java.util.UUID;

/**
 * Told when a source has been deleted from the database, so stores outside it (the search index, caches)
 * drop its entries too. Called after the commit; an implementation must be idempotent.
 */
public interface SourceRemovalListener {

    void sourceRemoved(UUID sourceId);
}
