package io.knowledgehub.adapters.embeddings;

import java.io.IOException;
import java.io.InputStream;

/** Model files live as resources in the langchain4j model jars. */
final class Resources {

    private Resources() {
    }

    static boolean exists(String name) {
        return loader().getResource(name) != null;
    }

    /** @throws IllegalStateException when the jar holding {@code name} is not on the classpath */
    static InputStream open(String name) {
        InputStream in = loader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("model file " + name + " is not on the classpath");
        }
        return in;
    }

    static byte[] read(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model file " + name + ": " + e.getMessage(), e);
        }
    }

    private static ClassLoader loader() {
        return Resources.class.getClassLoader();
    }
}
