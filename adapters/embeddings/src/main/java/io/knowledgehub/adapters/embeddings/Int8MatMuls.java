package io.knowledgehub.adapters.embeddings;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an ONNX model so that its weight matrix products run in 8-bit integers ({@link io.knowledgehub.core.embed.EmbeddingPrecision#INT8}), the
 * way ONNX Runtime's own dynamic quantization does, but leaving everything else in 32-bit floats.
 *
 * <p>Each {@code MatMul} whose second input is a two-dimensional float weight matrix {@code W[K, N]} stored in the
 * model becomes an integer product of {@code x_q} and {@code W_q} between floats. The weights are rounded once, per
 * output column (symmetric, {@code scale = max|W[:, n]| / 127}); the activations on each run, unsigned 8-bit over
 * their range: per tensor where {@code K <= N} ({@link #quantizedProduct}: ONNX Runtime's {@code MatMulIntegerToFloat},
 * which also adds the bias the network added next), per row, that is per token, for the down-projections
 * ({@code K > N}, {@link #rowQuantizedProduct}), whose input after the activation function spans very different ranges
 * from token to token. ONNX Runtime runs the integer products with 8-bit dot-product instructions where the processor
 * has them (VNNI), about twice as fast as in floats. Unlike the quantized networks the model jars ship
 * ({@code all-MiniLM-L6-v2-q}), the token embedding table, the layer norms, the attention's softmax products and the
 * pooling stay in floats: on the PostgreSQL evaluation the shipped int8 network lost 0.03 nDCG@10 on the questions
 * (see docs/benchmarks.md). The rewritten network uses ONNX Runtime's own operators (domain {@code com.microsoft}),
 * so it runs on ONNX Runtime only, as everything here does.
 *
 * <p>The model's protocol buffer is edited in place without a schema: only the fields named here are read (a
 * model's graph, its nodes' inputs, outputs and operator, its initializers' name, type, shape and raw data), every
 * other field is copied byte for byte. A model without such products (an already quantized one) is returned as
 * given.
 */
final class Int8MatMuls {

    // ModelProto, GraphProto, NodeProto, TensorProto, AttributeProto, OperatorSetIdProto field numbers (onnx.proto)
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int VALUE_INFO_NAME = 1;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_GRAPH = 6;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int INT64 = 7;
    /** ONNX Runtime's own operators: its QuantizeLinear takes one scale per row in any opset (the standard one from 13). */
    private static final String MS_DOMAIN = "com.microsoft";
    /**
     * DynamicQuantizeLinear, MatMulInteger and Round are operators of opset 11 (the rewrite's other operators are
     * older or ONNX Runtime's own); from 18 on, ReduceMax and ReduceMin take their axes as an input.
     */
    private static final int MIN_OPSET = 11;
    private static final int MAX_OPSET = 17;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private Int8MatMuls() {
    }

    /**
     * What {@link #rewrite} did: the model's bytes, how many products now run in integers, how many of those
     * quantize their input per tensor (the others per row), and how many of those add the bias that followed them.
     */
    record Result(byte[] model, int quantized, int perTensor, int biasesAdded) {
    }

    /**
     * The model with its weight products in 8-bit integers; {@code quantized} is 0 and the bytes are {@code model}
     * itself where there is nothing to rewrite (no such product, an opset outside 11-17, weights kept outside the file,
     * a node with graphs of its own).
     *
     * @throws IllegalArgumentException when the bytes are not a readable ONNX model
     */
    static Result rewrite(byte[] model) {
        List<Field> top = Field.all(model, 0, model.length);
        Field graphField = null;
        int opset = -1;
        boolean importsMsDomain = false;
        for (Field f : top) {
            if (f.number == MODEL_GRAPH && f.wireType == LENGTH_DELIMITED) {
                graphField = f;
            } else if (f.number == MODEL_OPSET_IMPORT && f.wireType == LENGTH_DELIMITED) {
                String domain = "";
                long version = -1;
                for (Field o : Field.all(model, f.start, f.end)) {
                    if (o.number == OPSET_DOMAIN) {
                        domain = o.string(model);
                    } else if (o.number == OPSET_VERSION && o.wireType == VARINT) {
                        version = o.value;
                    }
                }
                if (domain.isEmpty() || "ai.onnx".equals(domain)) {
                    opset = (int) version;
                } else if (MS_DOMAIN.equals(domain)) {
                    importsMsDomain = true;
                }
            }
        }
        if (graphField == null) {
            throw new IllegalArgumentException("not an ONNX model: no graph");
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            return new Result(model, 0, 0, 0);
        }
        Graph graph = Graph.read(model, graphField);
        Pieces newGraph = graph.rewrite(model);
        if (newGraph == null) {
            return new Result(model, 0, 0, 0);
        }
        Pieces out = new Pieces();
        for (Field f : top) {
            if (f == graphField) {
                out.field(MODEL_GRAPH, newGraph);
            } else {
                out.add(model, f.tagStart, f.end);
            }
        }
        if (!importsMsDomain) { // the rewrite uses ONNX Runtime's own operators
            Out msDomain = new Out(32);
            msDomain.stringField(OPSET_DOMAIN, MS_DOMAIN);
            msDomain.varintField(OPSET_VERSION, 1);
            out.field(MODEL_OPSET_IMPORT, msDomain.toByteArray());
        }
        return new Result(out.toByteArray(), graph.quantized, graph.fused, graph.biases);
    }

    /** A model's graph: its fields in order, with the nodes and float initializers parsed. */
    private static final class Graph {
        private final List<Field> fields;
        private final Map<Field, Node> nodes = new HashMap<>();
        private final Map<String, Weights> weights = new HashMap<>();
        /** The nodes taking each value as an input. */
        private final Map<String, List<Field>> consumers = new HashMap<>();
        private final Set<String> outputs = new HashSet<>();
        private int quantized;
        /** Products quantized per tensor ({@code MatMulIntegerToFloat}), the others per row. */
        private int fused;
        /** Bias additions taken into the products quantized per tensor. */
        private int biases;
        /** Prefix of the shared scalar initializers, once the first product quantized per row is rewritten. */
        private String constants;

        private Graph(List<Field> fields) {
            this.fields = fields;
        }

        static Graph read(byte[] model, Field graphField) {
            Graph g = new Graph(Field.all(model, graphField.start, graphField.end));
            for (Field f : g.fields) {
                if (f.wireType != LENGTH_DELIMITED) {
                    continue;
                }
                if (f.number == GRAPH_NODE) {
                    Node n = Node.read(model, f);
                    g.nodes.put(f, n);
                    n.inputs.forEach(i -> g.consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(f));
                } else if (f.number == GRAPH_OUTPUT) {
                    for (Field x : Field.all(model, f.start, f.end)) {
                        if (x.number == VALUE_INFO_NAME && x.wireType == LENGTH_DELIMITED) {
                            g.outputs.add(x.string(model));
                        }
                    }
                } else if (f.number == GRAPH_INITIALIZER) {
                    Weights w = Weights.read(model, f);
                    if (w != null) {
                        g.weights.put(w.name, w);
                    }
                }
            }
            return g;
        }

        /**
         * The graph's new bytes, or null when no product qualifies or a node holds a graph of its own (values used
         * inside it are not counted here, so no product's output could safely be renamed).
         */
        Pieces rewrite(byte[] model) {
            if (nodes.values().stream().anyMatch(Node::subgraphs)) {
                return null;
            }
            Set<Field> replacedWeights = new HashSet<>();
            Map<Field, byte[]> replacement = new HashMap<>();
            Map<String, String> quantizedInputs = new HashMap<>(); // x -> the product that quantizes it per tensor
            Pieces added = new Pieces();
            Set<String> names = new HashSet<>();
            nodes.values().forEach(n -> {
                names.add(n.name);
                names.addAll(n.outputs);
            });
            for (Field f : fields) {
                Node n = nodes.get(f);
                if (n == null || !n.isWeightProduct(weights) || consumers.get(n.inputs.get(1)).size() != 1) {
                    continue;
                }
                Weights w = weights.get(n.inputs.get(1));
                String p = unique(names, (n.name.isEmpty() ? n.outputs.get(0) : n.name) + "/kh_int8");
                Quantized q = w.quantize(model);
                added.field(GRAPH_INITIALIZER, tensor(p + "/W_q", INT8, new long[] {w.rows, w.columns}, q.values));
                added.field(GRAPH_INITIALIZER, tensor(p + "/W_scale", FLOAT, new long[] {w.columns}, q.scales));
                if (w.rows > w.columns) { // a down-projection: its input, after an activation function, varies most by token
                    if (constants == null) {
                        constants = unique(names, "kh_int8");
                        added.field(GRAPH_INITIALIZER, tensor(constants + "/zero", FLOAT, new long[0], floats(0f)));
                        added.field(GRAPH_INITIALIZER, tensor(constants + "/255", FLOAT, new long[0], floats(255f)));
                        added.field(GRAPH_INITIALIZER, tensor(constants + "/tiny", FLOAT, new long[0], floats(1e-12f)));
                        added.field(GRAPH_INITIALIZER, tensor(constants + "/flat", INT64, new long[] {1}, longs(-1)));
                    }
                    added.field(GRAPH_INITIALIZER, tensor(p + "/W_column_sums", FLOAT, new long[] {w.columns}, q.columnSums));
                    added.field(GRAPH_INITIALIZER, tensor(p + "/rows", INT64, new long[] {2}, longs(-1, w.rows)));
                    replacement.put(f, rowQuantizedProduct(p, constants, n.inputs.get(0), n.outputs.get(0)));
                } else {
                    added.field(GRAPH_INITIALIZER, tensor(p + "/W_zero", INT8, new long[] {w.columns}, new byte[w.columns]));
                    String x = n.inputs.get(0);
                    String y = n.outputs.get(0);
                    String bias = "";
                    BiasAdd next = biasAdd(n, w.columns);
                    if (next != null) { // the product adds the bias itself: one pass less over its output
                        bias = next.bias();
                        y = next.output();
                        replacement.put(next.node(), new byte[0]);
                        biases++;
                    }
                    String shared = quantizedInputs.putIfAbsent(x, p);
                    replacement.put(f, quantizedProduct(p, shared == null ? p : shared, shared == null, x, bias, y));
                    fused++;
                }
                replacedWeights.add(w.tensor);
                quantized++;
            }
            if (quantized == 0) {
                return null;
            }
            Pieces out = new Pieces();
            boolean addedWritten = false;
            for (Field f : fields) {
                byte[] r = replacement.get(f);
                if (r != null) {
                    out.add(r, 0, r.length);
                } else if (replacedWeights.contains(f)) {
                    if (!addedWritten) { // the new initializers where the first replaced one was
                        out.add(added);
                        addedWritten = true;
                    }
                } else {
                    out.add(model, f.tagStart, f.end);
                }
            }
            return out;
        }

        /**
         * The {@code Add} that only adds a bias vector of {@code columns} floats to {@code product}'s output, where that
         * is the output's one use; else null.
         */
        private BiasAdd biasAdd(Node product, int columns) {
            String y = product.outputs.get(0);
            List<Field> next = consumers.getOrDefault(y, List.of());
            if (next.size() != 1 || outputs.contains(y)) {
                return null;
            }
            Node add = nodes.get(next.getFirst());
            if (!add.is("Add") || add.inputs.size() != 2 || add.outputs.size() != 1) {
                return null;
            }
            String other = add.inputs.get(add.inputs.get(0).equals(y) ? 1 : 0);
            Weights bias = weights.get(other);
            return !other.equals(y) && bias != null && !bias.matrix() && bias.columns() == columns
                    ? new BiasAdd(next.getFirst(), other, add.outputs.getFirst()) : null;
        }

        private static String unique(Set<String> names, String base) {
            String name = base;
            for (int i = 2; !names.add(name); i++) {
                name = base + i;
            }
            return name;
        }
    }

    /** An {@code Add} of a bias after a product: its field in the graph, the bias vector's name, its output. */
    private record BiasAdd(Field node, String bias, String output) {
    }

    /** A node's operator, name, inputs and outputs, and whether it holds graphs of its own (If, Loop, Scan). */
    private record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                        boolean subgraphs) {

        static Node read(byte[] model, Field f) {
            String name = "";
            String op = "";
            String domain = "";
            List<String> inputs = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            boolean subgraphs = false;
            for (Field x : Field.all(model, f.start, f.end)) {
                switch (x.number) {
                    case NODE_ATTRIBUTE -> {
                        if (x.wireType == LENGTH_DELIMITED) {
                            subgraphs |= Field.all(model, x.start, x.end).stream()
                                    .anyMatch(a -> a.number == ATTRIBUTE_GRAPH || a.number == ATTRIBUTE_GRAPHS);
                        }
                    }
                    case NODE_INPUT -> inputs.add(x.string(model));
                    case NODE_OUTPUT -> outputs.add(x.string(model));
                    case NODE_NAME -> name = x.string(model);
                    case NODE_OP_TYPE -> op = x.string(model);
                    case NODE_DOMAIN -> domain = x.string(model);
                    default -> {
                    }
                }
            }
            return new Node(name, op, domain, inputs, outputs, subgraphs);
        }

        boolean isWeightProduct(Map<String, Weights> weights) {
            return is("MatMul") && inputs.size() == 2 && outputs.size() == 1 && weights.containsKey(inputs.get(1))
                    && weights.get(inputs.get(1)).matrix() && !weights.containsKey(inputs.get(0));
        }

        /** {@code op} of the standard domain. */
        boolean is(String op) {
            return op.equals(opType) && (domain.isEmpty() || "ai.onnx".equals(domain));
        }
    }

    /**
     * A float matrix or vector held in the file: its field in the graph, and its data's; a vector of {@code n} has
     * one row of {@code n} columns and {@code rank} 1.
     */
    private record Weights(String name, int rank, int rows, int columns, Field tensor, Field data) {

        /** Null unless a float matrix or vector with its data in the file. */
        static Weights read(byte[] model, Field f) {
            String name = null;
            long type = -1;
            List<Long> dims = new ArrayList<>();
            Field data = null;
            for (Field x : Field.all(model, f.start, f.end)) {
                switch (x.number) {
                    case TENSOR_NAME -> name = x.string(model);
                    case TENSOR_DATA_TYPE -> type = x.value;
                    case TENSOR_DIMS -> {
                        if (x.wireType == VARINT) {
                            dims.add(x.value);
                        } else if (x.wireType == LENGTH_DELIMITED) {
                            for (int[] at = {x.start}; at[0] < x.end; ) {
                                dims.add(Field.varint(model, at));
                            }
                        }
                    }
                    case TENSOR_RAW_DATA -> data = x;
                    case TENSOR_FLOAT_DATA -> {
                        if (x.wireType != LENGTH_DELIMITED) {
                            return null; // unpacked floats: not written by any exporter in use
                        }
                        data = x;
                    }
                    case TENSOR_DATA_LOCATION -> {
                        if (x.value != 0) {
                            return null; // kept in an external file
                        }
                    }
                    default -> {
                    }
                }
            }
            if (name == null || type != FLOAT || dims.isEmpty() || dims.size() > 2 || data == null) {
                return null;
            }
            long rows = dims.size() == 2 ? dims.get(0) : 1;
            long columns = dims.getLast();
            if (rows * columns * Float.BYTES != data.end - data.start) {
                return null;
            }
            return new Weights(name, dims.size(), Math.toIntExact(rows), Math.toIntExact(columns), f, data);
        }

        /** Whether a matrix; else a vector. */
        boolean matrix() {
            return rank == 2;
        }

        /** Symmetric per column: {@code W_q[k, n] = round(W[k, n] / scale[n])}, {@code scale[n] = max|W[:, n]| / 127}. */
        Quantized quantize(byte[] model) {
            ByteBuffer in = ByteBuffer.wrap(model, data.start, data.end - data.start).slice().order(ByteOrder.LITTLE_ENDIAN);
            float[] max = new float[columns];
            for (int k = 0; k < rows; k++) {
                for (int n = 0; n < columns; n++) {
                    max[n] = Math.max(max[n], Math.abs(in.getFloat((k * columns + n) * Float.BYTES)));
                }
            }
            float[] scale = new float[columns];
            for (int n = 0; n < columns; n++) {
                scale[n] = max[n] > 0 ? max[n] / 127f : 1f;
            }
            byte[] values = new byte[rows * columns];
            float[] sums = new float[columns]; // exact: at most 1536 x 127 in magnitude
            for (int k = 0; k < rows; k++) {
                for (int n = 0; n < columns; n++) {
                    int i = k * columns + n;
                    values[i] = (byte) Math.max(-127, Math.min(127, Math.round(in.getFloat(i * Float.BYTES) / scale[n])));
                    sums[n] += values[i];
                }
            }
            return new Quantized(values, floats(scale), floats(sums));
        }
    }

    /** The int8 weights, their float scales and the float sums of their columns (little-endian). */
    private record Quantized(byte[] values, byte[] scales, byte[] columnSums) {
    }

    /**
     * {@code y = x · W (+ bias)} as ONNX Runtime's dynamic quantization runs it: the activations {@code x} quantized
     * to unsigned 8 bits over their range ({@code DynamicQuantizeLinear}: one scale and zero point for the whole
     * tensor, computed once for all the products of the same {@code x}, as for a layer's query, key and value), then
     * ONNX Runtime's {@code MatMulIntegerToFloat}: the integer product with the int8 weights, scaled back to floats,
     * plus the bias where the network adds one right after the product. One scale for the whole tensor makes a text's
     * vector depend on the other texts of its run and their padding, so {@link OnnxEmbedder} runs a rewritten model
     * one text at a time.
     *
     * @param q        the product whose quantized {@code x} this one uses ({@code p} itself when {@code quantizes})
     * @param bias     the bias vector's name, or empty
     */
    private static byte[] quantizedProduct(String p, String q, boolean quantizes, String x, String bias, String y) {
        Out o = new Out(1024);
        if (quantizes) {
            o.bytesField(GRAPH_NODE, node(p + "/quantize", "DynamicQuantizeLinear", List.of(x),
                    List.of(p + "/x_q", p + "/x_scale", p + "/x_zero")));
        }
        List<String> inputs = new ArrayList<>(List.of(q + "/x_q", p + "/W_q", q + "/x_scale", p + "/W_scale",
                q + "/x_zero", p + "/W_zero"));
        if (!bias.isEmpty()) {
            inputs.add(bias);
        }
        o.bytesField(GRAPH_NODE, node(p + "/matmul", "MatMulIntegerToFloat", MS_DOMAIN, inputs, List.of(y)));
        return o.toByteArray();
    }

    /**
     * {@code y = x · W} with {@code x} quantized row by row, that is token by token, each on its own range (0 kept
     * exact): {@code s = (max(x_row, 0) - min(x_row, 0)) / 255}, {@code z = round(min(x_row, 0) / s)},
     * {@code x_q = clip(round(x / s) - z, 0, 255)}, then {@code y = s · W_scale · (x_q · W_q + z · Σ_k W_q[k, :])}.
     * Used for the down-projections, whose input (after the activation function, four times as wide) spans very
     * different ranges from token to token: on the PostgreSQL manual it halved the vectors' distance to the float
     * network's (mean cosine 0.9947 → 0.9973).
     *
     * <p>{@code x_q} is one pass of ONNX Runtime's own {@code QuantizeLinear} (domain {@code com.microsoft}, which takes
     * a scale and zero point per row in any opset; the standard operator does from opset 13, and the shipped networks
     * are opset 11) over {@code x} seen as rows {@code [batch x tokens, K]}, then back in {@code x}'s shape. Rounding,
     * shifting, clipping and casting as four operators gave the same numbers at several times the cost: MiniLM on one
     * thread ran 85 texts/s that way, 100 this way.
     */
    private static byte[] rowQuantizedProduct(String p, String c, String x, String y) {
        Out o = new Out(2048);
        byte[] lastAxis = intsAttribute("axes", -1);
        byte[] keep = intAttribute("keepdims", 1);
        o.bytesField(GRAPH_NODE, node(p + "/max", "ReduceMax", List.of(x), List.of(p + "/max_row"), lastAxis, keep));
        o.bytesField(GRAPH_NODE, node(p + "/min", "ReduceMin", List.of(x), List.of(p + "/min_row"), lastAxis, keep));
        o.bytesField(GRAPH_NODE, node(p + "/max0", "Max", List.of(p + "/max_row", c + "/zero"), List.of(p + "/high")));
        o.bytesField(GRAPH_NODE, node(p + "/min0", "Min", List.of(p + "/min_row", c + "/zero"), List.of(p + "/low")));
        o.bytesField(GRAPH_NODE, node(p + "/range", "Sub", List.of(p + "/high", p + "/low"), List.of(p + "/range")));
        o.bytesField(GRAPH_NODE, node(p + "/step", "Div", List.of(p + "/range", c + "/255"), List.of(p + "/step_raw")));
        o.bytesField(GRAPH_NODE, node(p + "/step_pos", "Max", List.of(p + "/step_raw", c + "/tiny"), List.of(p + "/s")));
        o.bytesField(GRAPH_NODE, node(p + "/low_steps", "Div", List.of(p + "/low", p + "/s"), List.of(p + "/low_s")));
        o.bytesField(GRAPH_NODE, node(p + "/zero_point", "Round", List.of(p + "/low_s"), List.of(p + "/z")));
        // one pass: x_q = saturate(round(x / s) + (-z)) row by row, over the rows of x flattened to [rows, K]
        o.bytesField(GRAPH_NODE, node(p + "/zero_neg", "Neg", List.of(p + "/z"), List.of(p + "/z_neg")));
        o.bytesField(GRAPH_NODE, node(p + "/zero_u8", "Cast", List.of(p + "/z_neg"), List.of(p + "/z_u8"), intAttribute("to", UINT8)));
        o.bytesField(GRAPH_NODE, node(p + "/zero_flat", "Reshape", List.of(p + "/z_u8", c + "/flat"), List.of(p + "/z_1d")));
        o.bytesField(GRAPH_NODE, node(p + "/step_flat", "Reshape", List.of(p + "/s", c + "/flat"), List.of(p + "/s_1d")));
        o.bytesField(GRAPH_NODE, node(p + "/x_rows", "Reshape", List.of(x, p + "/rows"), List.of(p + "/x_2d")));
        o.bytesField(GRAPH_NODE, node(p + "/x_quantize", "QuantizeLinear", MS_DOMAIN, List.of(p + "/x_2d", p + "/s_1d", p + "/z_1d"),
                List.of(p + "/x_q2d"), intAttribute("axis", 0)));
        o.bytesField(GRAPH_NODE, node(p + "/x_shape", "Shape", List.of(x), List.of(p + "/x_shape")));
        o.bytesField(GRAPH_NODE, node(p + "/x_q", "Reshape", List.of(p + "/x_q2d", p + "/x_shape"), List.of(p + "/x_q")));
        o.bytesField(GRAPH_NODE, node(p + "/matmul", "MatMulInteger", List.of(p + "/x_q", p + "/W_q"), List.of(p + "/y_int")));
        o.bytesField(GRAPH_NODE, node(p + "/y_float", "Cast", List.of(p + "/y_int"), List.of(p + "/y_f"), intAttribute("to", FLOAT)));
        o.bytesField(GRAPH_NODE, node(p + "/offset", "Mul", List.of(p + "/z", p + "/W_column_sums"), List.of(p + "/offset")));
        o.bytesField(GRAPH_NODE, node(p + "/y_shift", "Add", List.of(p + "/y_f", p + "/offset"), List.of(p + "/y_z")));
        o.bytesField(GRAPH_NODE, node(p + "/scales", "Mul", List.of(p + "/s", p + "/W_scale"), List.of(p + "/scale")));
        o.bytesField(GRAPH_NODE, node(p + "/rescale", "Mul", List.of(p + "/y_z", p + "/scale"), List.of(y)));
        return o.toByteArray();
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static byte[] intsAttribute(String name, long... values) {
        Out a = new Out(32);
        a.stringField(ATTRIBUTE_NAME, name);
        for (long v : values) {
            a.varintField(ATTRIBUTE_INTS, v);
        }
        a.varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
        return a.toByteArray();
    }

    private static byte[] tensor(String name, int type, long[] dims, byte[] raw) {
        Out t = new Out(raw.length + name.length() + 32);
        for (long d : dims) {
            t.varintField(TENSOR_DIMS, d);
        }
        t.varintField(TENSOR_DATA_TYPE, type);
        t.stringField(TENSOR_NAME, name);
        t.bytesField(TENSOR_RAW_DATA, raw, 0, raw.length);
        return t.toByteArray();
    }

    private static byte[] intAttribute(String name, long value) {
        Out a = new Out(32);
        a.stringField(ATTRIBUTE_NAME, name);
        a.varintField(ATTRIBUTE_I, value);
        a.varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
        return a.toByteArray();
    }

    private static byte[] node(String name, String op, List<String> inputs, List<String> outputs, byte[]... attributes) {
        return node(name, op, "", inputs, outputs, attributes);
    }

    private static byte[] node(String name, String op, String domain, List<String> inputs, List<String> outputs,
                               byte[]... attributes) {
        Out n = new Out(256);
        inputs.forEach(i -> n.stringField(NODE_INPUT, i));
        outputs.forEach(o -> n.stringField(NODE_OUTPUT, o));
        n.stringField(NODE_NAME, name);
        n.stringField(NODE_OP_TYPE, op);
        for (byte[] a : attributes) {
            n.bytesField(NODE_ATTRIBUTE, a, 0, a.length);
        }
        if (!domain.isEmpty()) {
            n.stringField(NODE_DOMAIN, domain);
        }
        return n.toByteArray();
    }

    /**
     * One field of a protocol buffer message: its number and wire type, where its tag starts, and its payload
     * ({@code start..end} for length-delimited fields; {@code value} for varints).
     */
    private static final class Field {
        final int number;
        final int wireType;
        final int tagStart;
        final int start;
        final int end;
        final long value;

        private Field(int number, int wireType, int tagStart, int start, int end, long value) {
            this.number = number;
            this.wireType = wireType;
            this.tagStart = tagStart;
            this.start = start;
            this.end = end;
            this.value = value;
        }

        String string(byte[] b) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }

        static List<Field> all(byte[] b, int from, int to) {
            List<Field> fields = new ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                int tagStart = at[0];
                long tag = varint(b, at);
                int number = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                switch (wire) {
                    case VARINT -> {
                        long v = varint(b, at);
                        fields.add(new Field(number, wire, tagStart, at[0], at[0], v));
                    }
                    case FIXED64 -> {
                        at[0] += 8;
                        fields.add(new Field(number, wire, tagStart, at[0] - 8, at[0], 0));
                    }
                    case LENGTH_DELIMITED -> {
                        long length = varint(b, at);
                        if (length < 0 || at[0] + length > to) {
                            throw new IllegalArgumentException("not an ONNX model: field " + number + " runs past its message");
                        }
                        fields.add(new Field(number, wire, tagStart, at[0], (int) (at[0] + length), 0));
                        at[0] += (int) length;
                    }
                    case FIXED32 -> {
                        at[0] += 4;
                        fields.add(new Field(number, wire, tagStart, at[0] - 4, at[0], 0));
                    }
                    default -> throw new IllegalArgumentException("not an ONNX model: wire type " + wire + " at byte " + tagStart);
                }
                if (at[0] > to) {
                    throw new IllegalArgumentException("not an ONNX model: truncated at byte " + tagStart);
                }
            }
            return fields;
        }

        static long varint(byte[] b, int[] at) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at[0] >= b.length) {
                    throw new IllegalArgumentException("not an ONNX model: truncated varint");
                }
                byte x = b[at[0]++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("not an ONNX model: varint too long");
        }
    }

    /**
     * A message made of slices of other arrays, copied once into an array of the exact size at the end, so that
     * rewriting a 90 MB model needs the memory of its input and its output, not of growing buffers.
     */
    private static final class Pieces {
        private final List<Object[]> parts = new ArrayList<>();
        private long length;

        void add(byte[] b, int from, int to) {
            parts.add(new Object[] {b, from, to});
            length += to - from;
        }

        void add(Pieces other) {
            parts.addAll(other.parts);
            length += other.length;
        }

        /** A length-delimited field holding {@code b}. */
        void field(int number, byte[] b) {
            Out header = new Out(16);
            header.varint((long) number << 3 | LENGTH_DELIMITED);
            header.varint(b.length);
            add(header.toByteArray(), 0, header.size());
            add(b, 0, b.length);
        }

        /** A length-delimited field holding {@code message}. */
        void field(int number, Pieces message) {
            Out header = new Out(16);
            header.varint((long) number << 3 | LENGTH_DELIMITED);
            header.varint(message.length);
            add(header.toByteArray(), 0, header.size());
            add(message);
        }

        byte[] toByteArray() {
            byte[] out = new byte[Math.toIntExact(length)];
            int at = 0;
            for (Object[] p : parts) {
                int from = (int) p[1];
                int to = (int) p[2];
                System.arraycopy((byte[]) p[0], from, out, at, to - from);
                at += to - from;
            }
            return out;
        }
    }

    /** Writes small protocol buffer messages. */
    private static final class Out extends ByteArrayOutputStream {

        Out(int size) {
            super(size);
        }

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void varintField(int number, long v) {
            varint((long) number << 3 | VARINT);
            varint(v);
        }

        void bytesField(int number, byte[] b, int from, int length) {
            varint((long) number << 3 | LENGTH_DELIMITED);
            varint(length);
            write(b, from, length);
        }

        void bytesField(int number, byte[] b) {
            bytesField(number, b, 0, b.length);
        }

        void stringField(int number, String s) {
            bytesField(number, s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
