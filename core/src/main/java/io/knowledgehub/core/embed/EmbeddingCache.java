package io.knowledgehub.core.embed;

import java.util.Collection;
import java.util.Map;

/**
 * Vectors already computed, by model and by the exact text that was embedded: indexing asks here first and embeds
 * only the texts it does not find. Content-addressed: an entry's key is the model key ({@link Embedder#modelKey()})
 * and the SHA-256 of the embedded text, so a vector is found again only for the very same text and model; after a
 * model change nothing is found and everything is embedded anew.
 *
 * <p>Contract: a cache, never the record of anything. A failure to read or write is logged and answered as a miss
 * (the text is embedded again), never thrown; an entry may vanish at any time (pruned beyond the bound). Storing a
 * text that is already there keeps the one stored. Thread-safe, and safe for several processes sharing one database.
 */
public interface EmbeddingCache {

    /** No reuse: nothing is found, nothing is kept. */
    EmbeddingCache NONE = new EmbeddingCache() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Map<String, float[]> find(String modelKey, int dimension, Collection<String> textHashes) {
            return Map.of();
        }

        @Override
        public void store(String modelKey, Map<String, float[]> vectors) {
        }

        @Override
        public long prune() {
            return 0;
        }
    };

    /** False when reuse is off: callers skip the look-ups (and the hashing) altogether. */
    boolean enabled();

    /**
     * The stored vectors among {@code textHashes} (SHA-256 of the embedded text, lowercase hex), keyed by hash; a hash
     * without a vector of {@code dimension} floats is left out. What is found counts as used (it is kept longer).
     */
    Map<String, float[]> find(String modelKey, int dimension, Collection<String> textHashes);

    /** Keeps vectors by text hash for later {@link #find}s. */
    void store(String modelKey, Map<String, float[]> vectors);

    /** Drops the least recently used entries beyond the bound; returns how many were dropped. */
    long prune();
}
