package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;

import io.knowledgehub.core.embed.EmbedderContract;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints embedding throughput (chunks/s) of the bundled models on ~200-word chunks for a few thread layouts.
 * A program, not a test: figures depend on the machine and on what else runs on it.
 *
 * <pre>
 * ./mvnw -q -pl adapters/embeddings test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd adapters/embeddings
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
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
        TokenCounter counter = EmbeddingModels.tokenCounter("all-MiniLM-L6-v2");
        double tokens = texts.stream().mapToInt(counter::count).average().orElse(0);
        System.out.printf("%d texts of %d words, %.0f word pieces on average; %d cores; best of %d rounds%n",
                count, WORDS_PER_TEXT, tokens, cores, rounds);
        // the network as trained: with int8 products a network runs one text at a time and the batch layouts would not apply
        EmbedderSettings defaults = EmbedderSettings.defaults().withPrecision(io.knowledgehub.core.embed.EmbeddingPrecision.FP32);
        EmbedderSettings single = defaults.withWorkers(1).withIntraOpThreads(0);
        // one text per run on one thread feeding the runtime's own pool: what langchain4j's in-process model does
        List<Layout> layouts = List.of(
                new Layout("all-MiniLM-L6-v2", single.withBatchSize(1)),
                new Layout("all-MiniLM-L6-v2", single),
                new Layout("all-MiniLM-L6-v2", defaults.withBatchSize(1)),
                new Layout("all-MiniLM-L6-v2", defaults.withBatchTokens(Integer.MAX_VALUE).withBatchSize(16)),
                new Layout("all-MiniLM-L6-v2", defaults),
                new Layout("all-MiniLM-L6-v2-q", single.withBatchSize(1)),
                new Layout("all-MiniLM-L6-v2-q", defaults),
                new Layout("bge-small-en-v1.5", defaults));
        Result[] best = new Result[layouts.size()];
        // rounds interleave the layouts, so a burst of load from elsewhere hits one measurement, not a layout
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < layouts.size(); i++) {
                Result result = run(layouts.get(i), texts);
                if (best[i] == null || result.perSecond() > best[i].perSecond()) {
                    best[i] = result;
                }
                System.out.printf("round %d  %-66s %s%n", round, layouts.get(i), result);
            }
        }
        System.out.printf("%n%-66s %s%n", "model, layout", "chunks/s (wall)  chunks per CPU-second");
        for (int i = 0; i < layouts.size(); i++) {
            System.out.printf("%-66s %s%n", layouts.get(i), best[i]);
        }
    }

    private static Result run(Layout layout, List<String> texts) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (OnnxEmbedder embedder = EmbeddingModels.create(layout.model(), layout.settings())) {
            embedder.embedAll(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            embedder.embedAll(texts);
            double wall = (System.nanoTime() - start) / 1e9;
            return new Result(texts.size() / wall, texts.size() / ((os.getProcessCpuTime() - cpu) / 1e9));
        }
    }

    private record Layout(String model, EmbedderSettings settings) {

        @Override
        public String toString() {
            String batchTokens = settings.batchTokens() == Integer.MAX_VALUE ? "" : "/" + settings.batchTokens()
                    + " tokens";
            return model + ", " + settings.workers() + " worker(s) x intra-op "
                    + (settings.intraOpThreads() == 0 ? "default" : settings.intraOpThreads())
                    + ", batch " + settings.batchSize() + batchTokens;
        }
    }

    /**
     * Wall-clock throughput, and throughput per CPU-second of the whole process: the second shows wasted work
     * (spinning runtime threads) and is less disturbed by other load on a shared machine.
     */
    private record Result(double perSecond, double perCpuSecond) {

        @Override
        public String toString() {
            return String.format("%7.1f  %7.1f", perSecond, perCpuSecond);
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
