package io.knowledgehub.core.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether a source takes part in refresh-all and scheduled refreshes. */
public enum SourceStatus {
    ACTIVE, PAUSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
