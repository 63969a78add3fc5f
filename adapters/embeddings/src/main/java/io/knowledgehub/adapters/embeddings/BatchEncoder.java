package io.knowledgehub.adapters.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
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

    private BatchEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer,
                         Pooling pooling, int dimension) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.dimension = dimension;
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    static BatchEncoder load(String onnxResource, HuggingFaceTokenizer windowTokenizer, Pooling pooling,
                             int dimension, int intraOpThreads) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(Resources.read(onnxResource), options);
            return new BatchEncoder(environment, session, windowTokenizer, pooling, dimension);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + onnxResource + ": " + e.getMessage(), e);
        }
    }

    /** Token ids as the model sees them: {@code [CLS] ... [SEP]}, cut at the window. */
    long[] tokenize(String text) {
        Objects.requireNonNull(text, "text");
        return tokenizer.encode(text, true, false).getIds();
    }

    /** One L2-normalised vector per sequence, in order. */
    float[][] embed(List<long[]> sequences) {
        int batch = sequences.size();
        int length = 0;
        for (long[] ids : sequences) {
            length = Math.max(length, ids.length);
        }
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int s = 0; s < batch; s++) {
            long[] sequence = sequences.get(s);
            System.arraycopy(sequence, 0, ids, s * length, sequence.length);
            Arrays.fill(mask, s * length, s * length + sequence.length, 1L);
        }
        long[] shape = {batch, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[batch * length]),
                     shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] hidden = new float[buffer.remaining()];
                buffer.get(hidden);
                if (hidden.length != batch * length * dimension) {
                    throw new IllegalStateException("model output has " + hidden.length + " values, expected "
                            + batch + " x " + length + " x " + dimension);
                }
                float[][] vectors = new float[batch][];
                for (int s = 0; s < batch; s++) {
                    vectors[s] = pooling.pool(hidden, s, length, dimension, sequences.get(s).length);
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding model failed: " + e.getMessage(), e);
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
