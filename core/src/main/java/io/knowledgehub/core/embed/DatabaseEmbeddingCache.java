package io.knowledgehub.core.embed;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The {@link EmbeddingCache} in the product's database (table {@code embedding_cache}: H2 standalone, PostgreSQL in
 * cluster mode, where every indexer shares it). Plain JDBC with standard SQL, so the same statements run on both:
 * look-ups and inserts are a few bulk statements per indexing batch, which is what keeps reuse cheap next to
 * embedding.
 *
 * <p>Bounded by {@code kh.embeddings.cache.max-entries}: {@link #prune()} deletes the least recently used entries
 * beyond it. It runs at the end of each indexing job and after every tenth of the bound newly stored, so the table
 * exceeds the bound by at most a tenth between prunes. "Used" is stamped on a hit only when the stamp is over an hour
 * old, so hits cost no write while a page is refreshed again and again.
 */
@ApplicationScoped
public class DatabaseEmbeddingCache implements EmbeddingCache {

    private static final Logger LOG = Logger.getLogger(DatabaseEmbeddingCache.class);

    /** Hashes per look-up statement: far below any engine's limit on bound parameters. */
    private static final int SLICE = 500;
    /** Entries whose keys one pruning step reads (then deletes a slice at a time), so memory stays small. */
    private static final int PRUNE_STEP = 50_000;
    static final Duration TOUCH_AFTER = Duration.ofHours(1);

    private final DataSource db;
    private final long maxEntries;
    private final Clock clock;
    private final AtomicLong storedSincePrune = new AtomicLong();
    private final ReentrantLock pruning = new ReentrantLock();

    @Inject
    public DatabaseEmbeddingCache(AgroalDataSource db, EmbeddingConfig config) {
        this(db, config.cache().maxEntries(), Clock.systemUTC());
    }

    /** @param maxEntries entries kept at most after a prune; 0 (or less): reuse off */
    public DatabaseEmbeddingCache(DataSource db, long maxEntries, Clock clock) {
        this.db = db;
        this.maxEntries = Math.max(0, maxEntries);
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return maxEntries > 0;
    }

    @Override
    public Map<String, float[]> find(String modelKey, int dimension, Collection<String> textHashes) {
        if (!enabled() || textHashes.isEmpty()) {
            return Map.of();
        }
        List<String> hashes = new ArrayList<>(new LinkedHashSet<>(textHashes));
        Map<String, float[]> found = new HashMap<>();
        OffsetDateTime now = now();
        OffsetDateTime staleUse = now.minus(TOUCH_AFTER);
        try (Connection c = db.getConnection()) {
            for (int from = 0; from < hashes.size(); from += SLICE) {
                List<String> slice = hashes.subList(from, Math.min(hashes.size(), from + SLICE));
                List<String> touch = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT text_sha256, embedding, last_used_at FROM embedding_cache "
                        + "WHERE text_sha256 IN (" + marks(slice.size()) + ") AND model_key = ?")) {
                    bind(ps, 1, slice);
                    ps.setString(slice.size() + 1, modelKey);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            byte[] bytes = rs.getBytes(2);
                            if (bytes.length != dimension * Float.BYTES) {
                                continue;
                            }
                            found.put(rs.getString(1), VectorBytes.floats(bytes));
                            if (rs.getObject(3, OffsetDateTime.class).isBefore(staleUse)) {
                                touch.add(rs.getString(1));
                            }
                        }
                    }
                }
                if (!touch.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE embedding_cache SET last_used_at = ? "
                            + "WHERE text_sha256 IN (" + marks(touch.size()) + ") AND model_key = ?")) {
                        ps.setObject(1, now);
                        bind(ps, 2, touch);
                        ps.setString(touch.size() + 2, modelKey);
                        ps.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Could not read stored embeddings (the texts are embedded again): %s", e.getMessage());
        }
        return found;
    }

    @Override
    public void store(String modelKey, Map<String, float[]> vectors) {
        if (!enabled() || vectors.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        String insert = "INSERT INTO embedding_cache (model_key, text_sha256, embedding, last_used_at) VALUES (?, ?, ?, ?)";
        int stored = 0;
        try (Connection c = db.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                        bindRow(ps, modelKey, e.getKey(), e.getValue(), now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    stored = vectors.size();
                } catch (SQLException duplicate) {
                    // another indexer stored some of the same texts meanwhile: keep its rows, add the others one by one
                    c.rollback();
                    c.setAutoCommit(true);
                    stored = storeEach(c, insert, modelKey, vectors, now);
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.warnf("Could not store embeddings for reuse (they will be embedded again when needed): %s", e.getMessage());
        }
        if (storedSincePrune.addAndGet(stored) >= Math.max(1, maxEntries / 10)) {
            prune();
        }
    }

    private static int storeEach(Connection c, String insert, String modelKey, Map<String, float[]> vectors, OffsetDateTime now) {
        int stored = 0;
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                bindRow(ps, modelKey, e.getKey(), e.getValue(), now);
                ps.executeUpdate();
                stored++;
            } catch (SQLException alreadyThere) {
                // kept: the stored vector is as good as this one
            }
        }
        return stored;
    }

    /**
     * Deletes the least recently used entries until at most the bound is left, in steps of at most 50,000 rows. Only
     * one prune of this process runs at a time; a call while one runs returns 0 at once.
     */
    @Override
    public long prune() {
        if (!enabled() || !pruning.tryLock()) {
            return 0;
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            storedSincePrune.set(0);
            long count;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM embedding_cache")) {
                rs.next();
                count = rs.getLong(1);
            }
            long deleted = 0;
            while (count - deleted > maxEntries) {
                // by key, a slice at a time: measured faster on H2 than one delete of the range of stamps
                Map<String, List<String>> oldest = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT model_key, text_sha256 FROM embedding_cache "
                        + "ORDER BY last_used_at FETCH FIRST ? ROWS ONLY")) {
                    ps.setInt(1, (int) Math.min(PRUNE_STEP, count - deleted - maxEntries));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            oldest.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
                long before = deleted;
                for (Map.Entry<String, List<String>> model : oldest.entrySet()) {
                    List<String> hashes = model.getValue();
                    for (int from = 0; from < hashes.size(); from += SLICE) {
                        List<String> slice = hashes.subList(from, Math.min(hashes.size(), from + SLICE));
                        try (PreparedStatement ps = c.prepareStatement("DELETE FROM embedding_cache WHERE text_sha256 IN ("
                                + marks(slice.size()) + ") AND model_key = ?")) {
                            bind(ps, 1, slice);
                            ps.setString(slice.size() + 1, model.getKey());
                            deleted += ps.executeUpdate();
                        }
                    }
                }
                if (deleted == before) {
                    break; // another process pruned them first
                }
            }
            if (deleted > 0) {
                LOG.debugf("Embedding cache pruned: %d least recently used vectors deleted, %d kept (bound %d)", deleted,
                        count - deleted, maxEntries);
            }
            return deleted;
        } catch (SQLException e) {
            LOG.warnf("Could not prune stored embeddings: %s", e.getMessage());
            return 0;
        } finally {
            pruning.unlock();
        }
    }

    private OffsetDateTime now() {
        // microseconds: what both databases keep, so a stamp read back compares equal to the one written
        return OffsetDateTime.ofInstant(Instant.now(clock).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static void bindRow(PreparedStatement ps, String modelKey, String hash, float[] vector, OffsetDateTime now)
            throws SQLException {
        ps.setString(1, modelKey);
        ps.setString(2, hash);
        ps.setBytes(3, VectorBytes.of(vector));
        ps.setObject(4, now);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }
}
