package io.knowledgehub.core.error;

import java.util.Locale;

/** Tells a failure because a disk had no room left (the data directory's, usually) from other failures. */
public final class DiskFull {

    private DiskFull() {
    }

    /** Whether {@code failure} or one of its causes or suppressed exceptions says a disk had no room left. */
    public static boolean is(Throwable failure) {
        return is(failure, 0);
    }

    private static boolean is(Throwable failure, int depth) {
        if (failure == null || depth > 8) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("no space left on device") || m.contains("not enough space on the disk") || m.contains("disk quota exceeded")) {
                    return true;
                }
            }
            if (t instanceof java.sql.SQLException sql && "53100".equals(sql.getSQLState())) {
                return true; // PostgreSQL: disk_full
            }
            for (Throwable s : t.getSuppressed()) {
                if (is(s, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
