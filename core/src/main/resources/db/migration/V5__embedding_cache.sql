-- Vectors kept for reuse (io.knowledgehub.core.embed.EmbeddingCache): a chunk whose embedded text (context prefix
-- included) and model are unchanged keeps its vector across refreshes of its page, across pages that share it and
-- through rebuilds. Content-addressed: the model key (name/dimension) and the SHA-256 of the embedded text. The
-- vector is little-endian float32 (1536 bytes for 384 dimensions). Least recently used entries are deleted beyond
-- KH_EMBEDDINGS_CACHE_MAX_ENTRIES; a lost entry only means embedding that text again.
CREATE TABLE embedding_cache (
    model_key     VARCHAR(200)             NOT NULL,
    text_sha256   VARCHAR(64)              NOT NULL,
    embedding     BYTEA                    NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the hash first: look-ups name a few hundred hashes of one model, and H2 uses an index for an IN list only on
    -- its first column (with the model first it would read every entry of the model)
    CONSTRAINT pk_embedding_cache PRIMARY KEY (text_sha256, model_key)
);
CREATE INDEX ix_embedding_cache_last_used ON embedding_cache (last_used_at);
