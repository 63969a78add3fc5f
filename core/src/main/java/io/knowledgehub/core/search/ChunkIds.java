package io.knowledgehub.core.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Derived chunk ids, {@code <document uuid>:<chunk index>:<first 12 hex of the content hash>} (at most 60
 * characters). The same document, position and content always give the same id, so re-indexing is an idempotent
 * upsert; changed content gives a new id, so a stale vector can't survive under the old one. Readable on purpose:
 * every chunk of a document shares the {@code <document uuid>:} prefix.
 */
public final class ChunkIds {

    private static final int HASH_CHARS = 12;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + HASH_CHARS + ",}");

    private ChunkIds() {
    }

    /**
     * @param contentHash lowercase hex, at least 12 characters (normally {@link #contentHash(String)})
     * @throws IllegalArgumentException for a negative index or a malformed hash
     */
    public static String of(UUID documentId, int index, String contentHash) {
        Objects.requireNonNull(documentId, "documentId");
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must not be negative, was " + index);
        }
        if (contentHash == null || !HEX.matcher(contentHash).matches()) {
            throw new IllegalArgumentException("content hash must be lowercase hex of at least " + HASH_CHARS
                    + " characters, was " + contentHash);
        }
        return documentId + ":" + index + ":" + contentHash.substring(0, HASH_CHARS);
    }


    /**
     * The document a chunk id names (its {@code <document uuid>:} prefix), or null when the id is not one
     * {@link #of} made.
     */
    public static UUID documentOf(String chunkId) {
        int colon = chunkId.indexOf(':');
        if (colon != 36) {
            return null;
        }
        String prefix = chunkId.substring(0, colon);
        try {
            UUID document = UUID.fromString(prefix);
            // UUID.fromString also takes other spellings of 36 characters ("1-1-1-1-..."); of only takes its own
            return document.toString().equals(prefix) ? document : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A UUID derived from a chunk id, for stores whose keys must be UUIDs (Weaviate). */
    public static UUID uuidOf(String chunkId) {
        return UUID.nameUUIDFromBytes(chunkId.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the UTF-8 text, lowercase hex. */
    public static String contentHash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
