package io.knowledgehub.core.search;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Restrictions every search type applies before ranking. Empty sets and null dates mean "no restriction".
 *
 * @param dateFrom inclusive lower bound on the page's last change
 * @param dateTo   inclusive upper bound on the page's last change
 */
public record SearchFilter(Set<UUID> sourceIds, Instant dateFrom, Instant dateTo, Set<String> contentTypes) {

    public static final SearchFilter NONE = new SearchFilter(Set.of(), null, null, Set.of());

    public SearchFilter {
        sourceIds = sourceIds == null ? Set.of() : Set.copyOf(sourceIds);
        contentTypes = contentTypes == null ? Set.of() : Set.copyOf(contentTypes);
    }
}
