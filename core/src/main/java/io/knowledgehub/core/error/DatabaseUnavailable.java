package io.knowledgehub.core.error;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure because the database cannot be reached (down, restarting, refusing connections, no connection to be
 * had in time) from any other failure of a database call. Such a failure says nothing about the request: it is
 * answered 503 with {@code Retry-After}, a worker pauses instead of failing its job, and a search leaves out the checks
 * that need the database.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /**
     * Whether {@code failure} (or one of its causes) is the database being unreachable: an SQL state of class 08
     * (connection exception), 57P01-57P03 (the server shuts down or cannot accept connections yet), the embedded
     * database closed (90098, 90121: after a write to its file failed, or while it shuts down), a connection that
     * could not be had in time from the pool, or a refused connection.
     */
    public static boolean is(Throwable failure) {
        return is(failure, 0);
    }

    /** Walks the causes, and the suppressed exceptions (a failed commit keeps the driver's error there). */
    private static boolean is(Throwable failure, int depth) {
        if (depth > 8) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable s : t.getSuppressed()) {
                if (is(s, depth + 1)) {
                    return true;
                }
            }
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        // the embedded database, closed after a write to its file failed (a full disk), or closing
                        || state.equals("90098") || state.equals("90121")) {
                    return true;
                }
            }
            String message = t.getMessage();
            // Agroal's pool, when no connection can be opened within its acquisition timeout
            if (message != null && message.contains("Acquisition timeout")) {
                return true;
            }
        }
        return false;
    }
}
