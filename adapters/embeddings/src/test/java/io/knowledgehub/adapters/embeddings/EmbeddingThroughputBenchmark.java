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
 *     io.knowledgehub.adapters.embeddings.EmbeddingThroughputBenchmark [texts=500]
 * </pre>
 */
public final class EmbeddingThroughputBenchmark {

    private static final int WORDS_PER_TEXT = 200;
    private static final int WARM_UP_TEXTS = 32;

    private EmbeddingThroughputBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> texts = texts(count, new Random(42));
        EmbedderSettings defaults = EmbedderSettings.defaults();
        try (TokenCounter counter = EmbeddingModels.tokenCounter("all-MiniLM-L6-v2")) {
            double tokens = texts.stream().mapToInt(counter::count).average().orElse(0);
            System.out.printf("%d texts of %d words, %.0f word pieces on average; %d cores%n",
                    count, WORDS_PER_TEXT, tokens, cores);
        }
        System.out.printf("%-20s %-40s %9s%n", "model", "layout", "chunks/s");
        EmbedderSettings single = defaults.withWorkers(1).withIntraOpThreads(0);
        EmbedderSettings perCore = defaults.withWorkers(cores).withIntraOpThreads(1);
        for (String model : List.of("all-MiniLM-L6-v2", "all-MiniLM-L6-v2-q")) {
            // one thread handing texts to the runtime's own pool: what langchain4j's model does per text
            run(model, single.withBatchSize(1), texts);
            run(model, single.withBatchSize(16), texts);
            for (int batch : new int[] {1, 4, 16}) {
                run(model, perCore.withBatchSize(batch), texts);
            }
        }
        run("bge-small-en-v1.5", perCore, texts);
    }

    private static void run(String model, EmbedderSettings settings, List<String> texts) {
        try (OnnxEmbedder embedder = EmbeddingModels.create(model, settings)) {
            embedder.embedAll(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
            long start = System.nanoTime();
            embedder.embedAll(texts);
            double seconds = (System.nanoTime() - start) / 1e9;
            String layout = settings.workers() + " worker(s) x intra-op "
                    + (settings.intraOpThreads() == 0 ? "default" : settings.intraOpThreads())
                    + ", batch " + settings.batchSize();
            System.out.printf("%-20s %-40s %9.1f%n", model, layout, texts.size() / seconds);
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
