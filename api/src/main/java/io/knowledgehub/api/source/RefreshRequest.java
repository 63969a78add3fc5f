package io.knowledgehub.api.source;

/** Body of the refresh endpoints; optional (no body means an incremental refresh). */
public record RefreshRequest(Boolean forceRefresh) {

    public boolean force() {
        return Boolean.TRUE.equals(forceRefresh);
    }
}
