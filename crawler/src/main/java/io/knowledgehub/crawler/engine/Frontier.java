package io.knowledgehub.crawler.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The URLs of one crawl and where each stands. Owned by the coordinator thread, except {@link #claim}, which
 * workers call when they follow a redirect.
 *
 * <p>Every URL moves only forward: {@code QUEUED → FETCHING → DONE}, or straight to {@code DONE} when it is
 * reached another way (it was a redirect target or a canonical URL of a fetched page). URLs leave the queue
 * shallowest first (breadth-first), so a max_pages limit keeps the pages nearest the base URL. Because fetches
 * finish out of order, a URL may first be seen deeper than it really is; seeing it again at a smaller depth while
 * it is still queued moves it up.
 *
 * <p>Each URL is fetched by one party only: whoever claims it first, the coordinator when it queues the URL or a
 * worker when a redirect leads there. That keeps a redirect target that is also linked from being fetched twice.
 *
 * <p>The frontier holds at most {@code maxSize} URLs it was offered ({@link #full()}): a site of endless links (a
 * calendar that always has a next month) then costs a fixed amount of memory. URLs reached another way (redirect
 * targets, canonical URLs) are each the result of a fetch, so max_pages bounds those.
 */
final class Frontier {

    enum State { QUEUED, FETCHING, DONE }

    /** A URL taken from the queue. */
    record Entry(String url, int depth) {
    }

    private static final class Slot {
        State state = State.QUEUED;
        int depth;

        Slot(int depth) {
            this.depth = depth;
        }
    }

    private record Queued(String url, int depth, long order) implements Comparable<Queued> {
        @Override
        public int compareTo(Queued o) {
            return depth != o.depth ? Integer.compare(depth, o.depth) : Long.compare(order, o.order);
        }
    }

    private final Map<String, Slot> slots = new HashMap<>();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final PriorityQueue<Queued> queue = new PriorityQueue<>();
    private final int maxSize;
    private long order;

    /** A frontier without a size bound. */
    Frontier() {
        this(Integer.MAX_VALUE);
    }

    /** @param maxSize URLs offered that it keeps track of at most; beyond, {@link #offer} refuses new ones */
    Frontier(int maxSize) {
        this.maxSize = maxSize;
    }

    /** Whether no new URL is taken any more: it knows {@code maxSize} URLs. */
    boolean full() {
        return slots.size() >= maxSize;
    }

    /**
     * Queues a URL not seen before (unless the frontier is {@link #full()}), or moves a queued one up.
     *
     * @return whether the queue changed
     */
    boolean offer(String url, int depth) {
        Slot slot = slots.get(url);
        if (slot == null) {
            if (full() || !claimed.add(url)) {
                // a worker reached it through a redirect; its result will mark it reached
                return false;
            }
            slots.put(url, new Slot(depth));
        } else if (slot.state == State.QUEUED && depth < slot.depth) {
            // the old queue entry goes stale and is dropped when it surfaces
            slot.depth = depth;
        } else {
            if (depth < slot.depth) {
                slot.depth = depth;
            }
            return false;
        }
        queue.add(new Queued(url, depth, order++));
        return true;
    }

    /** The shallowest queued URL, now FETCHING; null when none is queued. */
    Entry next() {
        Queued q;
        while ((q = queue.poll()) != null) {
            Slot slot = slots.get(q.url());
            if (slot.state == State.QUEUED && slot.depth == q.depth()) {
                slot.state = State.FETCHING;
                return new Entry(q.url(), q.depth());
            }
        }
        return null;
    }

    /** A URL taken with {@link #next()} is finished. */
    void done(String url) {
        slots.get(url).state = State.DONE;
    }

    /**
     * Marks a URL reached without being taken from the queue (a redirect target, a canonical URL) so it is not
     * fetched again. A URL already being fetched keeps FETCHING: its own answer still arrives.
     */
    void reached(String url, int depth) {
        claimed.add(url);
        Slot slot = slots.get(url);
        if (slot == null) {
            slot = new Slot(depth);
            slot.state = State.DONE;
            slots.put(url, slot);
        } else if (slot.state == State.QUEUED) {
            slot.state = State.DONE;
        }
    }

    /** Thread-safe: claims a redirect target for the worker following it; false when someone has it already. */
    boolean claim(String url) {
        return claimed.add(url);
    }

    /** The best depth known for a URL, or -1. */
    int depthOf(String url) {
        Slot slot = slots.get(url);
        return slot == null ? -1 : slot.depth;
    }

    /** Whether a URL is still waiting in the queue. */
    boolean hasQueued() {
        Queued q;
        while ((q = queue.peek()) != null) {
            Slot slot = slots.get(q.url());
            if (slot.state == State.QUEUED && slot.depth == q.depth()) {
                return true;
            }
            queue.poll();
        }
        return false;
    }

    /** Whether the URL is known in any state. */
    boolean knows(String url) {
        return slots.containsKey(url);
    }

    /** The URLs still waiting in the queue, shallowest first (then by URL). */
    List<String> queued() {
        return slots.entrySet().stream().filter(e -> e.getValue().state == State.QUEUED)
                .sorted(Comparator.<Map.Entry<String, Slot>>comparingInt(e -> e.getValue().depth)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }

    /** URLs known in any state. */
    int size() {
        return slots.size();
    }
}
