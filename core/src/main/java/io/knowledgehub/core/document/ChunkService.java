package io.knowledgehub.core.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.error.NotFoundException;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexOutboxRepository;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** A document's chunks: listing them, and adding chunks that bring their own embedding (Tutorial 7). */
@ApplicationScoped
public class ChunkService {

    private static final Logger LOG = Logger.getLogger(ChunkService.class);
    /** How long adding a chunk waits for the indexer to make it searchable. */
    private static final Duration INDEX_WAIT = Duration.ofSeconds(10);

    private final DocumentRepository documents;
    private final SearchIndex index;
    private final ObjectMapper json;
    private final BackupGate backupGate;
    private final IndexOutboxRepository indexOutbox;

    public ChunkService(DocumentRepository documents, SearchIndex index, ObjectMapper json, BackupGate backupGate,
                        IndexOutboxRepository indexOutbox) {
        this.indexOutbox = indexOutbox;
        this.documents = documents;
        this.index = index;
        this.json = json;
        this.backupGate = backupGate;
    }

    /** A chunk sent by a client: its text, its vector and free metadata. */
    public record NewChunk(UUID documentId, int chunkIndex, String content, float[] embedding, JsonNode metadata) {
    }

    public List<DocumentChunk> list(UUID documentId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            if (documents.find(documentId).isEmpty()) {
                throw new NotFoundException("document", documentId);
            }
            return documents.chunksOf(documentId);
        });
    }

    /**
     * Stores the chunk at its position of the document (replacing one already there) and has the indexer index it
     * with the given vector, which must come from the model the index holds.
     */
    public DocumentChunk add(NewChunk c) {
        if (c.content() == null || c.content().isBlank()) {
            throw new InvalidInputException("content", "content must be the chunk's non-empty text.");
        }
        if (c.chunkIndex() < 0) {
            throw new InvalidInputException("chunk_index", "chunk_index must be 0 or more.");
        }
        if (c.content().indexOf('\0') >= 0) {
            throw new InvalidInputException("content", "content contains the character U+0000 (NUL), which text cannot be stored with; remove it.");
        }
        if (c.embedding() == null || c.embedding().length == 0) {
            throw new InvalidInputException("embedding", "embedding must be the chunk's vector, an array of numbers.");
        }
        for (int i = 0; i < c.embedding().length; i++) {
            if (!Float.isFinite(c.embedding()[i])) {
                throw new InvalidInputException("embedding[" + i + "]", "embedding[" + i + "] is not a finite number (it is "
                        + c.embedding()[i] + " as a 32-bit float); embeddings hold numbers of magnitude below 3.4e38.");
            }
        }
        checkMetadata(c.metadata());
        IndexModel model = index.model().orElseThrow(() -> new InvalidInputException("embedding",
                "The search index holds no model's vectors yet; index a source first so that the embedding model is fixed."));
        if (c.embedding().length != model.dimension()) {
            throw new InvalidInputException("embedding", "embedding has " + c.embedding().length + " dimensions but the index holds "
                    + model.name() + " vectors of " + model.dimension() + "; embed the text with that model (POST /api/v1/embeddings).");
        }
        JsonNode metadata = c.metadata() == null || c.metadata().isNull() ? null : c.metadata();
        String claimed = metadata == null ? null : metadata.path("model_name").asText(null);
        if (claimed != null && !claimed.endsWith(model.name())) {
            throw new InvalidInputException("metadata.model_name", "metadata.model_name is " + claimed + " but the index holds "
                    + model.name() + " vectors; vectors of different models cannot be compared.");
        }
        Document doc = QuarkusTransaction.requiringNew().call(() -> documents.find(c.documentId()).orElse(null));
        if (doc == null) {
            throw new NotFoundException("document", c.documentId());
        }
        String id = ChunkIds.of(c.documentId(), c.chunkIndex(), ChunkIds.contentHash(c.content()));
        float[] vector = normalise(c.embedding());
        // the index entry goes through the outbox in the same transaction (the indexer is the index's one writer)
        long work = backupGate.change(() -> QuarkusTransaction.requiringNew().call(() -> {
            List<String> old = documents.chunkIdsAt(c.documentId(), c.chunkIndex());
            documents.deleteChunksAt(c.documentId(), c.chunkIndex());
            DocumentChunk row = new DocumentChunk();
            row.id = id;
            row.documentId = c.documentId();
            row.sourceId = doc.sourceId;
            row.chunkIndex = c.chunkIndex();
            row.content = c.content();
            row.tokenCount = metadata != null && metadata.hasNonNull("token_count")
                    ? metadata.get("token_count").asInt() : c.content().split("\\s+").length;
            row.metadata = metadata == null ? null : StoredJson.write(json, metadata);
            row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            documents.insertChunk(row);
            List<String> replaced = old.stream().filter(o -> !o.equals(id)).toList();
            if (!replaced.isEmpty()) {
                indexOutbox.deleteChunks(replaced);
            }
            return indexOutbox.upsertChunk(id, vector);
        }));
        // searchable when the call returns, as a chunk the indexer indexed; if no indexer applies it in time (a
        // cluster whose indexers are all down), it stays in the outbox and is indexed when one starts
        if (!indexOutbox.awaitApplied(work, INDEX_WAIT)) {
            LOG.warnf("Chunk %s is stored; no indexer applied it within %s, it is searchable once one does", id, INDEX_WAIT);
        }
        return QuarkusTransaction.requiringNew().call(() -> documents.findChunk(id).orElse(null));
    }

    /** Free metadata is an object; the keys this service reads must have their documented types. */
    private static void checkMetadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw new InvalidInputException("metadata", "metadata must be a JSON object such as {\"model_name\": "
                    + "\"all-MiniLM-L6-v2\", \"token_count\": 12}, not " + shown(metadata) + ".");
        }
        JsonNode tokens = metadata.path("token_count");
        if (!tokens.isMissingNode() && !tokens.isNull()
                && (!tokens.isNumber() || tokens.asDouble() != Math.rint(tokens.asDouble()) || tokens.asDouble() < 0
                || tokens.asDouble() > Integer.MAX_VALUE)) {
            throw new InvalidInputException("metadata.token_count", "metadata.token_count must be the chunk's number of "
                    + "tokens, a whole number of 0 or more, not " + shown(tokens) + "; leave it out to have the words counted.");
        }
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n == 0) {
            throw new InvalidInputException("embedding", "embedding must not be all zeros.");
        }
        float[] out = new float[v.length];
        double len = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / len);
        }
        return out;
    }
}
