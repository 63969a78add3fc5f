package io.knowledgehub.core.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a source takes part in refresh-all and scheduled refreshes. The sources table and the REST API hold
 * {@link #wire()} (lower case). A user moves a source freely between the two (a PATCH repeating the current status is
 * accepted and changes nothing), so there is no transition rule to enforce: {@link SourceService#update} is the one
 * place a stored source changes status.
 */
public enum SourceStatus {
    ACTIVE, PAUSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** The status a stored wire value names; a value no status has means the table holds something it never wrote. */
    public static SourceStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalStateException("unknown source status " + value));
    }
}
