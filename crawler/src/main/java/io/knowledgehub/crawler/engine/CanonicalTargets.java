package io.knowledgehub.crawler.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The URLs that pages of one crawl name in {@code <link rel="canonical">}, and the pages waiting to learn whether
 * theirs holds. A canonical URL holds ("confirmed") when the crawl got a page there (2xx, or 304 for a stored page)
 * that names no other canonical URL itself; it fails when that URL answers an error, is skipped, redirects, or names
 * another canonical URL (so a cycle {@code a → b → a}, or a chain {@code a → b → c}, never moves {@code a}). The first
 * answer for a URL stands. Owned by the coordinator thread.
 *
 * @param <T> what a waiting page carries
 */
final class CanonicalTargets<T> {

    private final Map<String, Boolean> decided = new HashMap<>();
    private final Map<String, List<T>> waiting = new LinkedHashMap<>();
    private final List<Decided<T>> ready = new ArrayList<>();

    /** A page whose canonical URL now has its answer. */
    record Decided<T>(T page, boolean confirmed) {
    }

    /** Whether the URL holds as a canonical URL; null while the crawl has no answer for it. */
    Boolean confirmed(String url) {
        return decided.get(url);
    }

    /**
     * Records what the crawl learnt of a URL (the first answer stands); the pages that waited for it become
     * {@link #ready()}.
     */
    void decide(String url, boolean confirmed) {
        if (decided.putIfAbsent(url, confirmed) != null) {
            return;
        }
        List<T> pages = waiting.remove(url);
        if (pages != null) {
            boolean value = decided.get(url);
            pages.forEach(p -> ready.add(new Decided<>(p, value)));
        }
    }

    /** A page waits for the answer of the URL it names as canonical. */
    void await(String canonical, T page) {
        waiting.computeIfAbsent(canonical, u -> new ArrayList<>()).add(page);
    }

    /** The pages whose canonical URL got its answer since the last call, in that order. */
    List<Decided<T>> ready() {
        if (ready.isEmpty()) {
            return List.of();
        }
        List<Decided<T>> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }

    /** At the end of the crawl: the pages whose canonical URL was never answered, in the order they came. */
    List<T> drain() {
        List<T> out = new ArrayList<>();
        waiting.values().forEach(out::addAll);
        waiting.clear();
        return out;
    }
}
