package io.knowledgehub.crawler.engine;

import java.util.List;
import java.util.Map;

/**
 * What went wrong in a crawl, beside the counters: the raw material of its warnings and, when it stored nothing, of
 * its error message ({@link CrawlReport}).
 *
 * @param baseUrlProblem    a sentence saying why the base URL gave no page (unreachable, an HTTP error, disallowed
 *                          by robots.txt, skipped), or null when it gave one or has not been fetched yet
 * @param failures          failed URLs by the kind of failure ("HTTP 500", "connection refused"), in first-seen order
 * @param longUrlsSkipped   links skipped because the URL is longer than a document URL may be
 * @param pagesWithLinksCut pages with more in-scope links than {@code maxLinksPerPage}, of which only the first were
 *                          followed
 * @param maxLinksPerPage   the limit in force
 * @param discoveryNotes    sentences about robots.txt and sitemaps (a sitemap ignored as too large, seeds capped)
 */
public record CrawlIssues(String baseUrlProblem, Map<String, Integer> failures, int longUrlsSkipped,
                          int pagesWithLinksCut, int maxLinksPerPage, List<String> discoveryNotes) {

    public CrawlIssues {
        failures = failures == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
        discoveryNotes = discoveryNotes == null ? List.of() : List.copyOf(discoveryNotes);
    }

    public static CrawlIssues none() {
        return new CrawlIssues(null, Map.of(), 0, 0, CrawlBounds.defaults().maxLinksPerPage(), List.of());
    }
}
