package io.knowledgehub.api.health;

import java.util.Map;

/** One component of the running system that /health reports on. Only components actually in use are beans. */
public interface ComponentCheck {

    /** The key under {@code services} and the {@code /health/{component}} path segment. */
    String name();

    Result check();

    record Result(boolean operational, Map<String, Object> details) {
    }
}
