package io.knowledgehub.core.source;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Looks up the display names of sources (search results show them). */
public interface SourceNames {

    /** Names of the given sources that exist; unknown ids are left out. */
    Map<UUID, String> names(Set<UUID> ids);
}
