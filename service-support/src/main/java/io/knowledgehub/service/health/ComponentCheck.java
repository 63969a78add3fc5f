package io.knowledgehub.service.health;

import java.util.Map;

/** One component of the running system that /health reports on. Only components actually in use are beans. */
public interface ComponentCheck {

    /** The key under {@code services} and the {@code /health/{component}} path segment. */
    String name();

    Result check();

    /** Whether this deployment uses the component (decided once, at start-up); those not in use are not reported. */
    default boolean inUse() {
        return true;
    }

    record Result(boolean operational, Map<String, Object> details) {
    }
}
