package io.knowledgehub.api;

import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.error.NotFoundException;

import java.util.UUID;

/** Parsing of ids and paging parameters shared by the resources. */
public final class Ids {

    /**
     * The deepest a list may be paged, {@code offset + limit} (like a search engine's result window): far beyond what
     * the web UI shows, and it keeps a request from asking the database to skip billions of rows.
     */
    public static final int MAX_LIST_WINDOW = 100_000;

    private Ids() {
    }

    /** A malformed id names nothing, so it is a 404 like an unknown one. */
    public static UUID parse(String what, String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException(what, raw);
        }
    }

    /** An optional id filter in a query string: malformed is a 400, since the caller chose the value. */
    public static UUID filter(String param, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(param, param + " \"" + raw + "\" is not a valid id (a UUID such as 123e4567-e89b-12d3-a456-426614174000).");
        }
    }

    public static int limit(Integer limit, int def, int max) {
        if (limit == null) {
            return def;
        }
        if (limit < 1 || limit > max) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + max + ", not " + limit + ".");
        }
        return limit;
    }

    public static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "offset must be 0 or more, not " + offset + ".");
        }
        return offset;
    }

    /** An offset within the result window: {@code offset + limit <= maxWindow}. */
    public static int offset(Integer offset, int limit, int maxWindow) {
        int off = offset(offset);
        if ((long) off + limit > maxWindow) {
            throw new InvalidInputException("offset", "offset + limit must be at most " + maxWindow + ", not " + off + " + "
                    + limit + "; narrow the request with its filters instead of paging further.");
        }
        return off;
    }
}
