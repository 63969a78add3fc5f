package io.knowledgehub.core.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors stored in the database: little-endian float32, 4 bytes a dimension, the same on every platform and database. */
public final class VectorBytes {

    private VectorBytes() {
    }

    public static byte[] of(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(vector);
        return b.array();
    }

    public static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
