package io.knowledgehub.adapters.lucene;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.ChunkSection;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.ScoreModel;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chunks search results are made of, decoded from the index's stored fields once and kept, by segment and
 * document number, within a memory budget (as Solr's document cache).
 *
 * <p>Reading a chunk's stored fields means decompressing the block it sits in (LZ4, several kilobytes) and decoding
 * its strings; a hybrid search reads a few hundred candidates, and this was about half of the CPU a search over
 * HTTP used. A segment's stored fields never change (an update deletes the old chunk and adds a new one in another
 * segment), so an entry is valid as long as its segment exists; the entries of a segment are dropped when Lucene
 * closes it (after a merge), and the least recently used ones when the budget is reached.
 *
 * <p>A chunk read again is kept with its texts case-folded ({@link ScoreModel#fold}), which the keyword score's word
 * coverage looks words up in with one {@link String#contains} each instead of comparing letters in both cases in
 * place. Not on the first read: folding costs more than comparing once. And not once the budget is pushing chunks
 * out ({@link #roomToFold}): in an index much larger than the budget the folded copies would push out chunks that
 * would then be decoded again, which costs more than folding saves.
 */
final class DecodedChunks {

    /**
     * Entries are weighed by an estimate of their heap size: two bytes per character, the folded texts as they are
     * stored (one byte per character when all are Latin-1, else two), plus a fixed overhead.
     */
    private static final int OVERHEAD_BYTES = 400;

    /**
     * A segment's core key (compared by identity) and a document in it. Equality is written out: the record's
     * generated one goes through method handles that showed up as 3 % of a search's CPU in profiles.
     */
    private record Key(Object segment, int doc) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.segment == segment && k.doc == doc;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(segment) + doc;
        }
    }

    /**
     * A chunk and its texts as {@link ScoreModel#fold} makes them: null until the chunk is read again, when it was
     * read again while the budget was pushing chunks out, or when {@code unfoldable} (a text with a character outside
     * the Basic Multilingual Plane).
     */
    record Decoded(IndexedChunk chunk, String folded, boolean unfoldable) {
    }

    /** How long after the budget last pushed a chunk out no chunk is folded. */
    static final long FOLD_AFTER_EVICTION_NANOS = 30_000_000_000L;

    private final Cache<Key, Decoded> cache;
    private final Set<Object> watched = Collections.newSetFromMap(new ConcurrentHashMap<>());
    /** When the budget last pushed a chunk out ({@link System#nanoTime()}); long ago when it never did. */
    private volatile long lastEviction = System.nanoTime() - 2 * FOLD_AFTER_EVICTION_NANOS;

    /**
     * @param budgetBytes the heap the decoded chunks may take; 0 turns the cache off. The chunks are held softly: the
     *                    budget bounds them, and when the heap runs short (an index merge building a large graph, a big
     *                    indexing batch) the collector drops them before it would fail, and searches decode again
     */
    DecodedChunks(long budgetBytes) {
        this.cache = budgetBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((Key k, Decoded d) -> weight(d))
                .evictionListener((Key k, Decoded d, RemovalCause cause) -> lastEviction = System.nanoTime())
                .softValues()
                .build();
    }

    /**
     * Whether a chunk read again is folded now: not once the budget is pushing chunks out (an eviction within the
     * last {@link #FOLD_AFTER_EVICTION_NANOS}, one the heavier folded copies caused included), where a folded copy
     * would take the room of other chunks, which would then be decoded again (at 103k chunks with the default budget,
     * folding every chunk read again served 0.94 of the searches a second of the build before, in 4 pairs). So an
     * index that fits in the budget is folded as it is searched, and one much larger than it mostly is not.
     */
    private boolean roomToFold() {
        return System.nanoTime() - lastEviction > FOLD_AFTER_EVICTION_NANOS;
    }

    /** Reads chunks of one searcher's reader; use one per search (it keeps a stored-fields reader per segment). */
    Reader reader(IndexReader reader) {
        return new Reader(reader);
    }

    long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Runs the eviction policy's pending work now (it otherwise runs soon after, on another thread). */
    void cleanUp() {
        if (cache != null) {
            cache.cleanUp();
        }
    }

    final class Reader {
        private final List<LeafReaderContext> leaves;
        private final StoredFields[] stored;

        private Reader(IndexReader reader) {
            this.leaves = reader.leaves();
            this.stored = new StoredFields[leaves.size()];
        }

        /**
         * The chunk with the top-level document number {@code doc}, with its folded texts when it was read before and
         * there was room to fold ({@link #roomToFold}).
         */
        Decoded decoded(int doc) throws IOException {
            int ord = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(ord);
            int local = doc - leaf.docBase;
            IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
            if (cache == null || helper == null) {
                return new Decoded(load(ord, local), null, false);
            }
            Object segment = helper.getKey();
            Key key = new Key(segment, local);
            Decoded cached = cache.getIfPresent(key);
            if (cached != null) {
                if (cached.folded() == null && !cached.unfoldable() && roomToFold()) {
                    // read again: worth folding (once; two searches that get here together both fold, harmlessly)
                    String folded = ScoreModel.fold(ChunkHit.texts(cached.chunk()));
                    Decoded withFolded = new Decoded(cached.chunk(), folded, folded == null);
                    // only in place of the entry read: one evicted meanwhile stays out
                    cache.asMap().replace(key, cached, withFolded);
                    cached = withFolded;
                }
                return cached;
            }
            Decoded loaded = new Decoded(load(ord, local), null, false);
            if (watched.add(segment)) {
                helper.addClosedListener(closed -> {
                    watched.remove(closed);
                    cache.asMap().keySet().removeIf(k -> k.segment() == closed);
                });
            }
            cache.put(key, loaded);
            return loaded;
        }

        private IndexedChunk load(int ord, int local) throws IOException {
            if (stored[ord] == null) {
                stored[ord] = leaves.get(ord).reader().storedFields();
            }
            return LuceneSearchIndex.fromDocument(stored[ord].document(local));
        }
    }

    static int weight(Decoded d) {
        IndexedChunk c = d.chunk();
        long chars = c.content().length() + c.title().length() + c.url().length()
                + (c.anchor() == null ? 0 : c.anchor().length()) + c.id().length() + c.contentType().length();
        for (String h : c.headingPath()) {
            chars += h.length() + 16;
        }
        for (ChunkSection s : c.sections()) {
            chars += s.heading().length() + (s.anchor() == null ? 0 : s.anchor().length()) + 32;
        }
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + foldedBytes(d.folded()) + OVERHEAD_BYTES);
    }

    private static long foldedBytes(String folded) {
        if (folded == null) {
            return 0;
        }
        for (int i = 0; i < folded.length(); i++) {
            if (folded.charAt(i) >= 256) {
                return 2L * folded.length();
            }
        }
        return folded.length();
    }
}
