package io.knowledgehub.adapters.embeddings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints embedding throughput (chunks/s) of the bundled models on ~200-word chunks for a few thread layouts.
 * A program, not a test: figures depend on the machine and on what else runs on it.
 *
 * <pre>
 * ./mvnw -q -pl adapters/embeddings test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp adapters/embeddings/target/test-classes:adapters/embeddings/target/classes:$(cat adapters/embeddings/target/cp.txt) \
 *     io.knowledgehub.adapters.embeddings.EmbeddingThroughputBenchmark [texts=500] [rounds=2]
 * </pre>
 */
public final class EmbeddingThroughputBenchmark {

    private static final int WORDS_PER_TEXT = 200;
    private static final int WARM_UP_TEXTS = 32;

    private EmbeddingThroughputBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> texts = texts(count, new Random(42));
        try (TokenCounter counter = EmbeddingModels.tokenCounter("all-MiniLM-L6-v2")) {
            double tokens = texts.stream().mapToInt(counter::count).average().orElse(0);
            System.out.printf("%d texts of %d words, %.0f word pieces on average; %d cores; best of %d rounds%n",
                    count, WORDS_PER_TEXT, tokens, cores, rounds);
        }
        EmbedderSettings single = EmbedderSettings.defaults().withWorkers(1).withIntraOpThreads(0);
        EmbedderSettings perCore = EmbedderSettings.defaults().withWorkers(cores).withIntraOpThreads(1);
        // batch 1 on one thread with the runtime's own pool is what langchain4j's in-process model does
        List<Layout> layouts = List.of(
                new Layout("all-MiniLM-L6-v2", single.withBatchSize(1)),
                new Layout("all-MiniLM-L6-v2", single.withBatchSize(16)),
                new Layout("all-MiniLM-L6-v2", perCore.withBatchSize(1)),
                new Layout("all-MiniLM-L6-v2", perCore.withBatchSize(4)),
                new Layout("all-MiniLM-L6-v2", perCore.withBatchSize(16)),
                new Layout("all-MiniLM-L6-v2-q", single.withBatchSize(1)),
                new Layout("all-MiniLM-L6-v2-q", perCore.withBatchSize(4)),
                new Layout("bge-small-en-v1.5", perCore.withBatchSize(4)));
        double[] best = new double[layouts.size()];
        // rounds interleave the layouts, so a burst of load from elsewhere hits one measurement, not a layout
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < layouts.size(); i++) {
                double rate = run(layouts.get(i), texts);
                best[i] = Math.max(best[i], rate);
                System.out.printf("round %d  %-60s %6.1f chunks/s%n", round, layouts.get(i), rate);
            }
        }
        System.out.printf("%n%-60s %9s%n", "model / layout", "chunks/s");
        for (int i = 0; i < layouts.size(); i++) {
            System.out.printf("%-60s %9.1f%n", layouts.get(i), best[i]);
        }
    }

    private static double run(Layout layout, List<String> texts) {
        try (OnnxEmbedder embedder = EmbeddingModels.create(layout.model(), layout.settings())) {
            embedder.embedAll(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
            long start = System.nanoTime();
            embedder.embedAll(texts);
            return texts.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private record Layout(String model, EmbedderSettings settings) {

        @Override
        public String toString() {
            return model + ", " + settings.workers() + " worker(s) x intra-op "
                    + (settings.intraOpThreads() == 0 ? "default" : settings.intraOpThreads())
                    + ", batch " + settings.batchSize();
        }
    }

    /** Distinct texts of documentation-like prose, drawn from the test corpus' sentences. */
    static List<String> texts(int count, Random random) {
        List<String> sentences = new ArrayList<>();
        for (String text : List.of(TestTexts.DATABASE, TestTexts.COOKING, TestTexts.ASTRONOMY)) {
            sentences.addAll(Arrays.asList(text.split("(?<=\\.) ")));
        }
        sentences.addAll(EmbedderContract.SENTENCES);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            while (words.size() < WORDS_PER_TEXT) {
                words.addAll(Arrays.asList(sentences.get(random.nextInt(sentences.size())).split(" ")));
            }
            texts.add(String.join(" ", words.subList(0, WORDS_PER_TEXT)));
        }
        return texts;
    }
}
