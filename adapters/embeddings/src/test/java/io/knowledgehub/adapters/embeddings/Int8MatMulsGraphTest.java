package io.knowledgehub.adapters.embeddings;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The int8 rewrite on small hand-built graphs, run by ONNX Runtime: the products' results against the float product,
 * and the bias folded into a product only where nothing else sees the product's own output.
 */
class Int8MatMulsGraphTest {

    private static final Random RANDOM = new Random(7);

    @Test
    void a_product_and_its_bias_become_one_integer_product_with_the_same_result() throws OrtException {
        float[][] w = matrix(6, 8);
        float[] b = vector(8);
        byte[] model = productAndAdd(w, initializer("b", b), List.of("b", "m"), List.of(output("y", 8)));

        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);

        assertThat(result.quantized()).isEqualTo(1);
        assertThat(result.perTensor()).isEqualTo(1);
        assertThat(result.biasesAdded()).isEqualTo(1);
        float[][] x = matrix(3, 6);
        assertClose(run(result.model(), x).get("y"), plus(times(x, w), b));
    }

    @Test
    void a_down_projection_quantizes_each_row_on_its_own_range() throws OrtException {
        float[][] w = matrix(16, 4);
        float[] b = vector(4);
        byte[] model = productAndAdd(w, initializer("b", b), List.of("m", "b"), List.of(output("y", 4)));

        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);

        assertThat(result.quantized()).isEqualTo(1);
        assertThat(result.perTensor()).isZero();
        float[][] x = matrix(3, 16);
        for (int j = 0; j < x[2].length; j++) {
            x[2][j] *= 100; // a row on a range of its own: rounded on the whole tensor's, the other rows would lose it
        }
        assertRowsClose(run(result.model(), x).get("y"), plus(times(x, w), b));
    }

    @Test
    void a_product_whose_output_is_also_read_elsewhere_keeps_its_bias_addition() throws OrtException {
        float[][] w = matrix(6, 8);
        float[] b = vector(8);
        byte[] model = productAndAdd(w, initializer("b", b), List.of("m", "b"), List.of(output("y", 8), output("m", 8)));

        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);

        assertThat(result.quantized()).isEqualTo(1);
        assertThat(result.biasesAdded()).isZero();
        float[][] x = matrix(3, 6);
        Map<String, float[][]> out = run(result.model(), x);
        assertClose(out.get("m"), times(x, w));
        assertClose(out.get("y"), plus(times(x, w), b));
    }

    @Test
    void an_addition_of_a_matrix_or_of_a_vector_of_another_length_is_not_taken_as_the_bias() throws OrtException {
        float[][] w = matrix(6, 8);
        float[][] rowBias = {vector(8)};
        byte[] model = productAndAdd(w, initializer("b", rowBias), List.of("m", "b"), List.of(output("y", 8)));

        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);

        assertThat(result.quantized()).as("a [1, 8] matrix is no weight product's to quantize either").isEqualTo(1);
        assertThat(result.biasesAdded()).isZero();
        float[][] x = matrix(3, 6);
        assertClose(run(result.model(), x).get("y"), plus(times(x, w), rowBias[0]));
    }

    @Test
    void a_graph_with_a_node_holding_graphs_of_its_own_is_left_as_it_is() {
        // values read inside an If's branches are not counted, so no product's output may be renamed: nothing changes
        Proto branch = new Proto();
        branch.string(2, "branch");
        Proto attribute = new Proto();
        attribute.string(1, "then_branch");
        attribute.bytes(6, branch.toByteArray());
        attribute.varint(20, 5); // GRAPH
        Proto conditional = new Proto();
        conditional.string(1, "c");
        conditional.string(2, "z");
        conditional.string(3, "If_z");
        conditional.string(4, "If");
        conditional.bytes(5, attribute.toByteArray());
        byte[] model = productAndAdd(matrix(6, 8), initializer("b", vector(8)), List.of("b", "m"),
                List.of(output("y", 8)), conditional.toByteArray());

        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);

        assertThat(result.quantized()).isZero();
        assertThat(result.model()).isSameAs(model);
    }

    // ---- the float reference

    private static float[][] times(float[][] x, float[][] w) {
        float[][] y = new float[x.length][w[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < w.length; k++) {
                for (int j = 0; j < w[0].length; j++) {
                    y[i][j] += x[i][k] * w[k][j];
                }
            }
        }
        return y;
    }

    private static float[][] plus(float[][] y, float[] b) {
        float[][] out = new float[y.length][];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i].clone();
            for (int j = 0; j < b.length; j++) {
                out[i][j] += b[j];
            }
        }
        return out;
    }

    /** Within 2 % of the largest value of the whole result: 8-bit rounding, not a wrong operator or a missing bias. */
    private static void assertClose(float[][] actual, float[][] expected) {
        float max = 0;
        for (float[] row : expected) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        assertClose(actual, expected, max);
    }

    /** Each row within 2 % of its own largest value: each row rounded on its own range. */
    private static void assertRowsClose(float[][] actual, float[][] expected) {
        for (int i = 0; i < expected.length; i++) {
            float max = 0;
            for (float v : expected[i]) {
                max = Math.max(max, Math.abs(v));
            }
            assertClose(new float[][] {actual[i]}, new float[][] {expected[i]}, max);
        }
    }

    private static void assertClose(float[][] actual, float[][] expected, float max) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat(Math.abs(actual[i][j] - expected[i][j])).as("row %d column %d", i, j)
                        .isLessThanOrEqualTo(0.02f * max);
            }
        }
    }

    private static float[][] matrix(int rows, int columns) {
        float[][] m = new float[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = vector(columns);
        }
        return m;
    }

    private static float[] vector(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) RANDOM.nextGaussian();
        }
        return v;
    }

    private static Map<String, float[][]> run(byte[] model, float[][] x) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        FloatBuffer input = FloatBuffer.allocate(x.length * x[0].length);
        for (float[] row : x) {
            input.put(row);
        }
        input.flip();
        try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(environment, input, new long[] {x.length, x[0].length});
             OrtSession.Result result = session.run(Map.of("x", tensor))) {
            Map<String, float[][]> out = new java.util.HashMap<>();
            result.forEach(e -> {
                try {
                    out.put(e.getKey(), (float[][]) e.getValue().getValue());
                } catch (OrtException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            return out;
        }
    }

    // ---- a minimal ONNX writer (onnx.proto field numbers), for graphs of one input x[rows, columns]

    /** {@code m = x · W}, then {@code y = Add(addInputs)} with the initializer {@code bias}, then {@code more} nodes. */
    private static byte[] productAndAdd(float[][] w, byte[] bias, List<String> addInputs, List<byte[]> outputs,
                                        byte[]... more) {
        List<byte[]> nodes = new ArrayList<>(List.of(node("MatMul", List.of("x", "W"), List.of("m")),
                node("Add", addInputs, List.of("y"))));
        nodes.addAll(List.of(more));
        return model(nodes, List.of(initializer("W", w), bias), w.length, outputs);
    }

    private static byte[] model(List<byte[]> nodes, List<byte[]> initializers, int inputColumns, List<byte[]> outputs) {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.bytes(1, n));
        graph.string(2, "test");
        initializers.forEach(t -> graph.bytes(5, t));
        graph.bytes(11, valueInfo("x", inputColumns));
        outputs.forEach(o -> graph.bytes(12, o));
        Proto opset = new Proto();
        opset.string(1, "");
        opset.varint(2, 13);
        Proto model = new Proto();
        model.varint(1, 7); // IR version
        model.bytes(7, graph.toByteArray());
        model.bytes(8, opset.toByteArray());
        return model.toByteArray();
    }

    private static byte[] node(String op, List<String> inputs, List<String> outputs) {
        Proto n = new Proto();
        inputs.forEach(i -> n.string(1, i));
        outputs.forEach(o -> n.string(2, o));
        n.string(3, op + "_" + outputs.getFirst());
        n.string(4, op);
        return n.toByteArray();
    }

    private static byte[] initializer(String name, float[] values) {
        return tensor(name, new long[] {values.length}, values);
    }

    private static byte[] initializer(String name, float[][] values) {
        float[] flat = new float[values.length * values[0].length];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, flat, i * values[0].length, values[0].length);
        }
        return tensor(name, new long[] {values.length, values[0].length}, flat);
    }

    private static byte[] tensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 1); // FLOAT
        t.string(8, name);
        t.bytes(9, raw.array());
        return t.toByteArray();
    }

    /** A float tensor value of shape [rows (symbolic), columns]. */
    private static byte[] valueInfo(String name, int columns) {
        Proto rows = new Proto();
        rows.string(2, "rows");
        Proto cols = new Proto();
        cols.varint(1, columns);
        Proto shape = new Proto();
        shape.bytes(1, rows.toByteArray());
        shape.bytes(1, cols.toByteArray());
        Proto tensorType = new Proto();
        tensorType.varint(1, 1);
        tensorType.bytes(2, shape.toByteArray());
        Proto type = new Proto();
        type.bytes(1, tensorType.toByteArray());
        Proto info = new Proto();
        info.string(1, name);
        info.bytes(2, type.toByteArray());
        return info.toByteArray();
    }

    private static byte[] output(String name, int columns) {
        return valueInfo(name, columns);
    }

    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
        }

        void bytes(int field, byte[] b) {
            raw((long) field << 3 | 2);
            raw(b.length);
            out.writeBytes(b);
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
