package io.knowledgehub.cluster.index;

import io.knowledgehub.adapters.lucene.LuceneIndexReader;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.SearchIndexContract;
import io.knowledgehub.core.search.query.SearchQuery;
import io.knowledgehub.redis.RedisClients;
import io.knowledgehub.testkit.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared Lucene index of cluster mode as a reading process sees it: every write goes through Redis to the writer
 * ({@link ForwardingSearchIndex} → {@link SharedIndexWriter}), every read comes from the writer's commits
 * ({@link LuceneIndexReader}). The port's contract holds once the writer applied the forwarded writes, which this test
 * waits for after each write (in a cluster the writer applies them every second).
 */
class SharedLuceneIndexContractTest extends SearchIndexContract {

    private static RedisServerProcess server;
    private static JedisPooled redis;

    @TempDir
    static Path redisDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServerProcess.start(redisDir);
        redis = RedisClients.open(server.url());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected SearchIndex newIndex() {
        redis.flushAll();
        return new ReaderView(dir.resolve("index"));
    }

    @Override
    protected SearchIndex reopen(SearchIndex index) {
        index.close();
        return new ReaderView(dir.resolve("index"));
    }

    @Test
    void a_reader_sees_the_writers_commits_and_forwarded_deletes() {
        UUID doc = UUID.randomUUID();
        ReaderView view = (ReaderView) index;
        view.writer.replaceDocument(doc, List.of(chunk(doc, SOURCE_A, 0, "Pooling", "connection pooling explained", 1, 0, 0, 0)));
        view.writer.commit();
        long before = view.version();
        assertThat(view.chunkCount()).isEqualTo(1);

        view.forwarding.deleteSource(SOURCE_A);
        assertThat(view.chunkCount()).as("not applied yet").isEqualTo(1);
        assertThat(view.writer.drain()).isEqualTo(1);

        assertThat(view.chunkCount()).isZero();
        assertThat(view.version()).isGreaterThan(before);
        assertThat(redis.llen(IndexWrite.LOG_KEY)).isZero();
    }

    @Test
    void a_rebuild_with_another_model_sent_by_a_reader_is_applied_in_order() {
        ReaderView view = (ReaderView) index;
        IndexModel other = new IndexModel("other-model", 8);

        // what the api's index rebuild does: clear, then record the configured model, before the writer saw either
        view.forwarding.clear();
        view.forwarding.useModel(other);
        view.writer.drain();

        assertThat(view.model()).contains(other);
    }

    /** Reads through a reader process's view; each write forwarded, then applied by the writer before returning. */
    private static final class ReaderView implements SearchIndex {
        final SharedIndexWriter writer;
        final ForwardingSearchIndex forwarding;

        ReaderView(Path path) {
            // a long interval: the test applies the forwarded writes itself
            this.writer = new SharedIndexWriter(new LuceneSearchIndex(path), redis, Duration.ofHours(1));
            this.forwarding = new ForwardingSearchIndex(new LuceneIndexReader(path, Duration.ZERO), redis);
        }

        private void applied() {
            writer.drain();
        }

        @Override
        public Optional<IndexModel> model() {
            return forwarding.model();
        }

        @Override
        public void useModel(IndexModel model) {
            forwarding.useModel(model);
            applied();
        }

        @Override
        public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
            forwarding.replaceDocument(documentId, chunks);
            applied();
        }

        @Override
        public void upsert(List<IndexedChunk> chunks) {
            forwarding.upsert(chunks);
            applied();
        }

        @Override
        public void deleteChunks(Collection<String> chunkIds) {
            forwarding.deleteChunks(chunkIds);
            applied();
        }

        @Override
        public void deleteDocuments(Collection<UUID> documentIds) {
            forwarding.deleteDocuments(documentIds);
            applied();
        }

        @Override
        public void deleteSource(UUID sourceId) {
            forwarding.deleteSource(sourceId);
            applied();
        }

        @Override
        public void clear() {
            forwarding.clear();
            applied();
        }

        @Override
        public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
            return forwarding.keyword(query, filter, limit);
        }

        @Override
        public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
            return forwarding.semantic(vector, constraints, filter, limit);
        }

        @Override
        public void commit() {
            forwarding.commit();
        }

        @Override
        public long chunkCount() {
            return forwarding.chunkCount();
        }

        @Override
        public long version() {
            return forwarding.version();
        }

        @Override
        public void close() {
            forwarding.close();
            writer.close();
        }
    }
}
