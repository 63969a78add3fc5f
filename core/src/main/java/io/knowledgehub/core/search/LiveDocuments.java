package io.knowledgehub.core.search;

import java.util.Set;
import java.util.UUID;

/**
 * Which documents exist. Search asks it once per query for the documents of its candidates and leaves out the
 * others: a removal is committed in the database before it reaches the index, so for a moment (or, after a crash,
 * until the reconcile) the index may still hold entries whose document answers 404.
 */
public interface LiveDocuments {

    /** The ids among {@code ids} whose document exists. */
    Set<UUID> existing(Set<UUID> ids);
}
