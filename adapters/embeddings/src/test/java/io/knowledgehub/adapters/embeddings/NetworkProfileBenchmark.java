package io.knowledgehub.adapters.embeddings;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The MiniLM network itself on one thread, one text a run (as the embedder runs a rewritten network): the network as
 * shipped in floats, its int8 rewrite ({@link Int8MatMuls}) and, with {@code --network NAME=FILE}, any other ONNX file of
 * the same inputs (a rewrite saved by an earlier build, to compare the two). The networks take turns over blocks of
 * texts in one process, so a burst of load from elsewhere hits all of them; each gets its thread's CPU time.
 * With {@code --profile}, the int8 rewrite runs once more under ONNX Runtime's profiler and the share of each
 * operator type is printed: where the network's time goes. A program, not a test.
 *
 * <pre>
 * ./mvnw -q -pl adapters/embeddings test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd adapters/embeddings
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.knowledgehub.adapters.embeddings.NetworkProfileBenchmark [--texts 1000] [--words 100] [--block 50]
 *     [--profile] [--save-int8 FILE] [--network NAME=FILE ...]
 * </pre>
 * {@code --save-int8 FILE} writes this build's rewrite, to pass to a later build's run as {@code --network}.
 */
public final class NetworkProfileBenchmark {

    private NetworkProfileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--texts", "1000"));
        int words = Integer.parseInt(arg(args, "--words", "100"));
        int block = Integer.parseInt(arg(args, "--block", "50"));
        if (count < 1 || block < 1 || words < 1 || words > 200) {
            throw new IllegalArgumentException("--texts and --block take a positive number, --words 1 to 200");
        }
        byte[] fp32 = Resources.read("all-minilm-l6-v2.onnx");
        byte[] int8 = Int8MatMuls.rewrite(fp32).model();
        String save = arg(args, "--save-int8", null);
        if (save != null) {
            Files.write(Path.of(save), int8);
        }
        Map<String, byte[]> networks = new LinkedHashMap<>();
        networks.put("fp32", fp32);
        networks.put("int8", int8);
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--network")) {
                String[] named = args[i + 1].split("=", 2);
                if (named.length != 2) {
                    throw new IllegalArgumentException("--network takes NAME=FILE, not " + args[i + 1]);
                }
                networks.put(named[0], Files.readAllBytes(Path.of(named[1])));
            }
        }
        List<long[]> ids = new ArrayList<>();
        try (HuggingFaceTokenizer tokenizer = Tokenizers.window(ModelCatalog.tokenizerResource("all-MiniLM-L6-v2"),
                256)) {
            for (String text : texts(count, words, new Random(42))) {
                ids.add(tokenizer.encode(text, true, false).getIds());
            }
        }
        double tokens = ids.stream().mapToInt(a -> a.length).average().orElse(0);
        System.out.printf("%d texts of %d words, %.0f tokens on average; one thread, one text a run, in turns over "
                + "blocks of %d%n", count, words, tokens, block);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<String> names = new ArrayList<>(networks.keySet());
        List<OrtSession> sessions = new ArrayList<>();
        try {
            for (String name : names) {
                sessions.add(session(environment, networks.get(name), null));
                for (int w = 0; w < 20; w++) {
                    run(environment, sessions.getLast(), ids.get(w % ids.size()));
                }
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double[] cpu = new double[names.size()];
            for (int from = 0, b = 0; from < ids.size(); from += block, b++) {
                for (int k = 0; k < names.size(); k++) {
                    int j = (k + b) % names.size(); // who goes first changes from block to block
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = from; i < Math.min(ids.size(), from + block); i++) {
                        run(environment, sessions.get(j), ids.get(i));
                    }
                    cpu[j] += (threads.getCurrentThreadCpuTime() - start) / 1e9;
                }
            }
            for (int j = 0; j < names.size(); j++) {
                System.out.printf("%-12s %7.1f texts per CPU-second (%.2f s)%n", names.get(j), ids.size() / cpu[j],
                        cpu[j]);
            }
        } finally {
            for (OrtSession s : sessions) {
                s.close();
            }
        }
        if (Arrays.asList(args).contains("--profile")) {
            profile(environment, int8, ids.subList(0, Math.min(ids.size(), 300)));
        }
    }

    /** Runs the texts under ONNX Runtime's profiler and prints each operator type's share of the kernels' time. */
    private static void profile(OrtEnvironment environment, byte[] network, List<long[]> ids) throws Exception {
        Path dir = Files.createTempDirectory("kh-profile");
        String file;
        try (OrtSession session = session(environment, network, dir.resolve("int8").toString())) {
            for (long[] text : ids) {
                run(environment, session, text);
            }
            file = session.endProfiling();
        }
        Map<String, long[]> byOperator = new HashMap<>(); // microseconds, runs
        long total = 0;
        for (JsonNode event : new ObjectMapper().readTree(Path.of(file).toFile())) {
            if ("Node".equals(event.path("cat").asText()) && event.path("name").asText().endsWith("_kernel_time")) {
                long micros = event.path("dur").asLong();
                long[] sum = byOperator.computeIfAbsent(event.path("args").path("op_name").asText(), k -> new long[2]);
                sum[0] += micros;
                sum[1]++;
                total += micros;
            }
        }
        System.out.printf("%nint8 network, %d texts under the profiler: %.0f ms in kernels%n", ids.size(), total / 1e3);
        long all = total;
        byOperator.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> System.out.printf("  %-24s %5.1f %%  %6d runs%n", e.getKey(),
                        100.0 * e.getValue()[0] / all, e.getValue()[1]));
        Files.deleteIfExists(Path.of(file));
        Files.deleteIfExists(dir);
    }

    private static OrtSession session(OrtEnvironment environment, byte[] network, String profile) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (profile != null) {
                options.enableProfiling(profile);
            }
            return environment.createSession(network, options);
        }
    }

    private static void run(OrtEnvironment environment, OrtSession session, long[] ids) throws OrtException {
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1);
        try (OnnxTensor input = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor attention = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result ignored = session.run(Map.of("input_ids", input, "attention_mask", attention,
                     "token_type_ids", types))) {
            // the output is not needed: the run is what is measured
        }
    }

    /** The documentation-like prose of {@link EmbeddingThroughputBenchmark}, {@code words} words a text. */
    private static List<String> texts(int count, int words, Random random) {
        return EmbeddingThroughputBenchmark.texts(count, random).stream()
                .map(t -> String.join(" ", Arrays.asList(t.split(" ")).subList(0, words))).toList();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
