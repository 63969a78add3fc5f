package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.OnnxEmbedder;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.indexer.chunk.Chunker;
import io.knowledgehub.indexer.chunk.Heading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Indexing throughput: the pipeline (chunk with the model's tokenizer, embed, write the Lucene index, commit)
 * against the raw model embedding the very same texts in the same run, on the documents of a crawled data
 * directory (read from its H2 database; stop the app first).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp 'benchmarks/target/classes:benchmarks/target/lib/*'
 *      io.knowledgehub.benchmarks.IndexingBenchmark --data target/eval-data [--documents 300]</pre>
 */
public final class IndexingBenchmark {

    private record Doc(UUID id, UUID sourceId, String url, String title, String content, List<Heading> headings) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(arg(args, "--data", "target/eval-data"));
        int limit = Integer.parseInt(arg(args, "--documents", "300"));
        List<Doc> docs = read(data, limit);
        Path work = Files.createTempDirectory("kh-indexing");
        try (OnnxEmbedder embedder = EmbeddingModels.create(EmbeddingModels.DEFAULT_MODEL, EmbedderSettings.defaults(work));
             LuceneSearchIndex index = new LuceneSearchIndex(work.resolve("index"))) {
            index.useModel(new IndexModel(embedder.modelName(), embedder.dimension()));
            Chunker chunker = Chunker.forEmbedder(embedder);
            embedder.embedAll(List.of("warm up the model", "and its threads")); // load and JIT before timing

            // the raw model runs before and after the pipeline, so neither side alone profits from a warm JVM
            List<String> allTexts = new ArrayList<>();
            for (Doc d : docs) {
                chunker.chunk(d.title(), d.content(), d.headings()).forEach(c -> allTexts.add(c.embedText()));
            }
            double rawBefore = raw(embedder, allTexts);
            int batchDocs = 16;
            long chunkNanos = 0;
            long embedNanos = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < docs.size(); i += batchDocs) {
                List<Doc> batch = docs.subList(i, Math.min(docs.size(), i + batchDocs));
                List<List<Chunk>> chunked = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                long c0 = System.nanoTime();
                for (Doc d : batch) {
                    List<Chunk> cs = chunker.chunk(d.title(), d.content(), d.headings());
                    chunked.add(cs);
                    cs.forEach(c -> texts.add(c.embedText()));
                }
                long e0 = System.nanoTime();
                chunkNanos += e0 - c0;
                List<float[]> vectors = embedder.embedAll(texts);
                embedNanos += System.nanoTime() - e0;
                int v = 0;
                for (int k = 0; k < batch.size(); k++) {
                    Doc d = batch.get(k);
                    List<IndexedChunk> indexed = new ArrayList<>();
                    for (Chunk c : chunked.get(k)) {
                        indexed.add(new IndexedChunk(ChunkIds.of(d.id(), c.index(), c.contentHash()), d.id(), d.sourceId(), c.index(), d.title(),
                                c.headingPath(), c.content(), d.url(), c.anchor(), "text/html", Instant.now(), vectors.get(v++)));
                    }
                    index.replaceDocument(d.id(), indexed);
                }
            }
            index.commit();
            double pipeline = (System.nanoTime() - t0) / 1e9;

            double raw = (rawBefore + raw(embedder, allTexts)) / 2;
            int n = allTexts.size();
            System.out.printf("pipeline time: chunking %.1f s, embedding %.1f s, index writes + commit %.1f s%n",
                    chunkNanos / 1e9, embedNanos / 1e9, pipeline - (chunkNanos + embedNanos) / 1e9);
            System.out.printf("documents=%d chunks=%d (%.1f chunks/doc)%n", docs.size(), n, (double) n / docs.size());
            System.out.printf("pipeline: %.1f s, %.1f chunks/s (chunk + embed + index + commit)%n", pipeline, n / pipeline);
            System.out.printf("raw model: %.1f s, %.1f chunks/s (same texts, mean of a run before and one after)%n", raw, n / raw);
            System.out.printf("ratio pipeline/raw: %.3f%n", raw / pipeline);
        }
    }

    private static double raw(OnnxEmbedder embedder, List<String> texts) {
        long t = System.nanoTime();
        for (int i = 0; i < texts.size(); i += 64) {
            embedder.embedAll(texts.subList(i, Math.min(texts.size(), i + 64)));
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static List<Doc> read(Path data, int limit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Doc> docs = new ArrayList<>();
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("db/knowledgehub") + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "kh", "kh"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, source_id, url, title, content, headings from documents order by url limit " + limit)) {
            while (rs.next()) {
                List<Heading> headings = new ArrayList<>();
                for (JsonNode h : json.readTree(rs.getString(6))) {
                    headings.add(new Heading(h.path("level").asInt(), h.path("text").asText(),
                            h.path("anchor").isNull() ? null : h.path("anchor").asText(null)));
                }
                docs.add(new Doc(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), headings));
            }
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("no documents in " + data + ": run ./kh eval --data " + data + " first");
        }
        return docs;
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
