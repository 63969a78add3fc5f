package io.knowledgehub.core.search;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The source names searches have read, each with when it was read. Read within {@link #fresh} (10 s in search) a name
 * is used without asking the database: most searches show pages of the same few sources, and a database round trip for
 * a name was a tenth of a search's CPU, so a renamed source shows its new name in results at most that much later.
 * Older, it is the last name known: shown while the database cannot be reached. One entry per source ever shown; a
 * deleted source's stays, never fresh again, as the name of its pages that the index may still hold.
 */
final class SourceNameMemory {

    private record Read(String name, long atNanos) {
    }

    private final Map<UUID, Read> names = new ConcurrentHashMap<>();
    private final long freshNanos;
    private final LongSupplier nanoTime;

    SourceNameMemory(Duration fresh) {
        this(fresh, System::nanoTime);
    }

    SourceNameMemory(Duration fresh, LongSupplier nanoTime) {
        this.freshNanos = fresh.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Names just read from the database. */
    void remember(Map<UUID, String> read) {
        long now = nanoTime.getAsLong();
        read.forEach((id, name) -> names.put(id, new Read(name, now)));
    }

    /** The names of {@code ids} read within the fresh period; those read earlier or never are left out. */
    Map<UUID, String> fresh(Set<UUID> ids) {
        long now = nanoTime.getAsLong();
        Map<UUID, String> out = new HashMap<>();
        for (UUID id : ids) {
            Read r = names.get(id);
            if (r != null && now - r.atNanos() < freshNanos) {
                out.put(id, r.name());
            }
        }
        return out;
    }

    /** The last names read of {@code ids}, however old; those never read are left out. */
    Map<UUID, String> lastKnown(Set<UUID> ids) {
        Map<UUID, String> out = new HashMap<>();
        for (UUID id : ids) {
            Read r = names.get(id);
            if (r != null) {
                out.put(id, r.name());
            }
        }
        return out;
    }
}
