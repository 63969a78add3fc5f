package io.knowledgehub.crawler.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One content under two URLs of a source is stored once: the first URL keeps the document, the others become its
 * aliases (a printer-friendly copy, {@code /guide} and {@code /guide/}, a page reachable under a session path).
 * Owned by the coordinator thread of one crawl; this class only decides, {@link CrawlRun} emits.
 *
 * <p>Which URL keeps the document must not flip from one crawl to the next (each flip would delete a document and
 * index another). So a page stored by an earlier crawl keeps it: a page whose content equals that of a stored page
 * the crawl has not reached yet {@link Decision.Wait waits} for that page's own result. If that page still has the
 * content, the waiting page becomes its alias; if it changed, failed for good or is gone, the waiting page is
 * decided again and may be stored on its own. Waiting pages are held in memory until then, at most
 * {@link #MAX_WAITING} of them; beyond that a page is stored at once (the next crawl makes it an alias again).
 *
 * <p>Pages with no text at all are never folded together: they have nothing in common but being empty.
 *
 * @param <T> what is held of a waiting page to decide it again
 */
final class ContentDuplicates<T> {

    /** SHA-256 of the empty text: what every page without text hashes to. */
    static final String EMPTY_TEXT_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final int MAX_WAITING = 1000;

    /** What to do with a page that has just been fetched. */
    sealed interface Decision {
        /** Store it under its own URL. */
        record Store() implements Decision {
        }

        /** Record it as an alias of the page stored under {@code documentUrl}. */
        record Alias(String documentUrl) implements Decision {
        }

        /** Hold it until the stored page {@code knownUrl}, which had the same content, has its own result. */
        record Wait(String knownUrl) implements Decision {
        }
    }


    private static final Decision STORE = new Decision.Store();

    /** Content hash → the URL stored with it in this crawl (or kept with it: a stored page that failed this time). */
    private final Map<String, String> owners = new HashMap<>();
    /** Content hash → pages stored by earlier crawls with it, lazily built. */
    private final Map<String, TreeSet<String>> knownByHash;
    private final Map<String, KnownPage> known;
    /** Stored pages that cannot hold a content for a waiting page any more (they will be deleted). */
    private final Set<String> lost = new HashSet<>();
    /** Stored page → the pages waiting for its result. */
    private final Map<String, List<T>> waiting = new LinkedHashMap<>();
    /** The URLs of the waiting pages. */
    private final Set<String> waitingUrls = new HashSet<>();
    private final Function<T, String> urlOf;
    private int waitingCount;

    /** @param urlOf the URL a held page would be stored under */
    ContentDuplicates(Map<String, KnownPage> knownPages, Function<T, String> urlOf) {
        this.known = knownPages;
        this.urlOf = urlOf;
        this.knownByHash = new HashMap<>();
        knownPages.forEach((url, page) -> {
            if (page.contentHash() != null) {
                knownByHash.computeIfAbsent(page.contentHash(), h -> new TreeSet<>()).add(url);
            }
        });
    }

    /**
     * @param url     the URL the page would be stored under
     * @param hash    its content hash
     * @param settled whether a URL already has its outcome in this crawl
     */
    Decision decide(String url, String hash, Predicate<String> settled) {
        if (hash == null || hash.equals(EMPTY_TEXT_HASH)) {
            return STORE;
        }
        String owner = owners.get(hash);
        if (owner != null && !owner.equals(url)) {
            return new Decision.Alias(owner);
        }
        KnownPage self = known.get(url);
        if (owner != null || (self != null && hash.equals(self.contentHash()))) {
            return STORE;
        }
        if (waitingCount < MAX_WAITING) {
            for (String other : knownByHash.getOrDefault(hash, new TreeSet<>())) {
                if (!other.equals(url) && !settled.test(other) && !lost.contains(other)) {
                    return new Decision.Wait(other);
                }
            }
        }
        return STORE;
    }

    /** A page is stored (or kept: a stored page that failed this time) under {@code url} with this content. */
    void stored(String url, String hash) {
        if (hash != null && !hash.equals(EMPTY_TEXT_HASH)) {
            owners.putIfAbsent(hash, url);
        }
    }

    /** Holds a page until {@code knownUrl} has its result. */
    void await(String knownUrl, T page) {
        waiting.computeIfAbsent(knownUrl, k -> new ArrayList<>()).add(page);
        waitingUrls.add(urlOf.apply(page));
        waitingCount++;
    }

    /** Whether the page of this URL is waiting (it has no outcome yet, and is not to be fetched or stored again). */
    boolean isWaiting(String url) {
        return waitingUrls.contains(url);
    }

    /** Stored pages that will not be reached by this crawl and are deleted at its end: no page waits for them. */
    void lose(Iterable<String> urls) {
        urls.forEach(lost::add);
    }

    /**
     * Takes the pages whose awaited page now has its result (or is lost), to be decided again; empty when none.
     *
     * @param settled whether a URL already has its outcome in this crawl
     */
    List<T> released(Predicate<String> settled) {
        List<T> out = new ArrayList<>();
        var it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (settled.test(e.getKey()) || lost.contains(e.getKey())) {
                out.addAll(e.getValue());
                e.getValue().forEach(page -> waitingUrls.remove(urlOf.apply(page)));
                waitingCount -= e.getValue().size();
                it.remove();
            }
        }
        return out;
    }

    /**
     * Takes every page still waiting, each with the stored page it waited for: at the end of a crawl that did not
     * reach those pages, they keep their stored content, which the waiting pages share.
     */
    Map<String, List<T>> drain() {
        Map<String, List<T>> out = new LinkedHashMap<>(waiting);
        waiting.clear();
        waitingUrls.clear();
        waitingCount = 0;
        return out;
    }

}
