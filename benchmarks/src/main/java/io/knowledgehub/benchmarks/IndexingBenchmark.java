package io.knowledgehub.benchmarks;

import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.OnnxEmbedder;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.IndexablePage;
import io.knowledgehub.core.document.StoredHeadings;
import io.knowledgehub.core.embed.EmbeddingPrecision;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.indexer.chunk.Chunker;
import io.knowledgehub.indexer.job.IndexPipeline;
import io.knowledgehub.indexer.job.IndexStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Indexing throughput: the product's {@link IndexPipeline} (chunk with the model's tokenizer, embed, write the
 * Lucene index; no database) plus the commit, against the raw model embedding the very same texts in the same run, on the documents of a crawled data
 * directory (read from its H2 database; stop the app first).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp 'benchmarks/target/classes:benchmarks/target/lib/*'
 *      io.knowledgehub.benchmarks.IndexingBenchmark --data eval-data [--documents 300] [--model all-MiniLM-L6-v2-q]
 *      [--precision auto|int8|fp32]</pre>
 */
public final class IndexingBenchmark {

    private record Doc(UUID id, UUID sourceId, String url, String title, String content, List<Heading> headings) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(Args.arg(args, "--data", "eval-data"));
        int limit = Integer.parseInt(Args.arg(args, "--documents", "300"));
        String model = Args.arg(args, "--model", EmbeddingModels.DEFAULT_MODEL);
        EmbeddingPrecision precision = EmbeddingPrecision.valueOf(Args.arg(args, "--precision", "auto").toUpperCase(Locale.ROOT));
        List<Doc> docs = read(data, limit);
        Path work = Files.createTempDirectory("kh-indexing");
        try (OnnxEmbedder embedder = EmbeddingModels.create(model, EmbedderSettings.defaults(work).withPrecision(precision));
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
            Iterator<Doc> it = docs.iterator();
            IndexPipeline indexPipeline = new IndexPipeline(chunker, embedder, index);
            long t0 = System.nanoTime();
            IndexPipeline.Stats stats = indexPipeline.run(() -> {
                List<IndexablePage> batch = new ArrayList<>();
                while (it.hasNext() && batch.size() < batchDocs) {
                    Doc d = it.next();
                    batch.add(new IndexablePage(d.id(), d.sourceId(), d.url(), d.title(), d.content(), d.headings(),
                            Instant.now(), Instant.now()));
                }
                return batch;
            }, new IndexPipeline.Store() {
                public boolean saveIndexed(IndexablePage doc, List<Chunk> chunks) {
                    return true;
                }

                public void markFailed(IndexablePage doc, Exception e) {
                }

                public void notSaved(IndexablePage doc) {
                }
            }, () -> true);
            index.commit();
            double pipeline = (System.nanoTime() - t0) / 1e9;
            long embedNanos = stats.embedNanos;
            double raw = (rawBefore + raw(embedder, allTexts)) / 2;
            int n = allTexts.size();
            System.out.printf("pipeline: embedding %.1f s of %.1f s (chunking and index writes overlap with it)%n",
                    embedNanos / 1e9, pipeline);
            System.out.printf("model=%s precision=%s (%d int8 products) documents=%d chunks=%d (%.1f chunks/doc)%n", embedder.modelName(),
                    precision.name().toLowerCase(Locale.ROOT), embedder.int8Products(), docs.size(), n, (double) n / docs.size());
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
        List<Doc> docs = new ArrayList<>();
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("db/knowledgehub") + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "kh", "kh"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, source_id, url, title, content, headings from documents order by url limit " + limit)) {
            while (rs.next()) {
                docs.add(new Doc(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), StoredHeadings.read(rs.getString(6))));
            }
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("no documents in " + data + ": run ./kh eval --data " + data + " first");
        }
        return docs;
    }
}
