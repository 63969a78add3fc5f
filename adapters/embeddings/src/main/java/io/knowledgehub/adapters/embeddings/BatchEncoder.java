package io.knowledgehub.adapters.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one BERT-style ONNX model over padded batches. One session serves all workers: {@code OrtSession.run} is
 * thread-safe, and with one intra-op thread each run computes on the calling worker's thread.
 */
final class BatchEncoder implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Pooling pooling;
    private final int dimension;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final ThreadLocal<Workspace> workspaces;

    private BatchEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer,
                         Pooling pooling, int dimension) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.dimension = dimension;
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(dimension));
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        this.outputName = session.getOutputNames().iterator().next(); // the per-token states come first
    }

    /** @param name the model file's name, for messages; {@code onnx} its bytes */
    static BatchEncoder load(String name, byte[] onnx, HuggingFaceTokenizer windowTokenizer, Pooling pooling,
                             int dimension, int intraOpThreads) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(onnx, options);
            return new BatchEncoder(environment, session, windowTokenizer, pooling, dimension);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + name + ": " + e.getMessage(), e);
        }
    }

    /** Token ids as the model sees them: {@code [CLS] ... [SEP]}, cut at the window. */
    long[] tokenize(String text) {
        Objects.requireNonNull(text, "text");
        return tokenizer.encode(text, true, false).getIds();
    }

    /**
     * One L2-normalised vector per sequence, in order.
     *
     * <p>The model's inputs and its per-token output live in off-heap buffers this thread keeps for its next runs
     * ({@link Workspace}): the runtime writes the output straight into them (a pinned output), and pooling reads it
     * there. Copying that output onto the heap instead (up to {@code batch x length x dimension} floats, 0.8 MB at
     * 512 tokens, twice: once into a buffer, once into an array) was 42 % of the bytes an indexing job allocated,
     * each copy too large for the young generation (G1 allocates objects over half a region in the old one), and
     * the heap the JVM kept committed for that churn was most of the process's peak memory while indexing.
     */
    float[][] embed(List<long[]> sequences) {
        int batch = sequences.size();
        int length = 0;
        for (long[] ids : sequences) {
            length = Math.max(length, ids.length);
        }
        int tokens = Math.multiplyExact(batch, length);
        Workspace w = workspaces.get().fit(tokens, Math.multiplyExact(tokens, dimension));
        for (int s = 0; s < batch; s++) {
            long[] sequence = sequences.get(s);
            for (int t = 0; t < length; t++) {
                boolean real = t < sequence.length;
                w.ids.put(s * length + t, real ? sequence[t] : 0L);
                w.mask.put(s * length + t, real ? 1L : 0L);
            }
        }
        long[] shape = {batch, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, w.ids, shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, w.mask, shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, w.types, shape);
             OnnxTensor hiddenTensor = OnnxTensor.createTensor(environment, w.hidden,
                     new long[] {batch, length, dimension})) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result ignored = session.run(inputs, Map.of(outputName, hiddenTensor))) {
                float[][] vectors = new float[batch][];
                for (int s = 0; s < batch; s++) {
                    vectors[s] = pooling.pool(w.hidden, w.row, s, length, sequences.get(s).length);
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding model failed: " + e.getMessage(), e);
        }
    }

    /**
     * One thread's off-heap buffers for a run: token ids, attention mask and token types ({@code batch x length}
     * each, the types all 0) and the model's output. They grow to the next power of two when a run needs more and are
     * then kept: runs are cut at {@link EmbedderSettings#batchTokens()} padded tokens (a single text longer than that
     * runs alone, up to the model's window), so a worker keeps about {@code max(batchTokens, window) x dimension}
     * floats, 0.8 MB with the defaults. Only the model's worker threads call {@link #embed}, so there is one per
     * worker. Each call to {@link #fit} leaves every buffer's limit at the run's size, as the runtime reads a tensor's
     * size from its buffer.
     */
    private static final class Workspace {
        private final float[] row;
        private LongBuffer ids = LongBuffer.allocate(0);
        private LongBuffer mask = LongBuffer.allocate(0);
        private LongBuffer types = LongBuffer.allocate(0);
        private FloatBuffer hidden = FloatBuffer.allocate(0);

        Workspace(int dimension) {
            this.row = new float[dimension];
        }

        Workspace fit(int tokens, int outputs) {
            if (ids.capacity() < tokens) {
                int capacity = grown(tokens);
                ids = longs(capacity);
                mask = longs(capacity);
                types = longs(capacity); // direct buffers start zeroed
            }
            if (hidden.capacity() < outputs) {
                hidden = ByteBuffer.allocateDirect(Math.multiplyExact(grown(outputs), Float.BYTES))
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            ids.clear().limit(tokens);
            mask.clear().limit(tokens);
            types.clear().limit(tokens);
            hidden.clear().limit(outputs);
            return this;
        }

        private static int grown(int needed) {
            int power = Integer.highestOneBit(needed);
            return power == needed || power >= 1 << 29 ? needed : power << 1;
        }

        private static LongBuffer longs(int n) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(n, Long.BYTES)).order(ByteOrder.nativeOrder())
                    .asLongBuffer();
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close model session: " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
