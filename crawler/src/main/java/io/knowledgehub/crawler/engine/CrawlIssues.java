package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.settings.CrawlBounds;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param stop              why the crawl stopped before it ran out of URLs (its deadline, its byte limit), or null
 * @param frontierLimit     the frontier size the crawl reached (kh.crawler.max-frontier), so that links to further
 *                          URLs were not followed; 0 when it never filled
 * @param pdfsCut           PDFs read this crawl that have more pages than kh.crawler.max-pdf-pages
 * @param pdfPagesLeftOut   the pages of those PDFs past that limit, which were not indexed
 */
public record CrawlIssues(String baseUrlProblem, Map<String, Integer> failures, int longUrlsSkipped,
                          int pagesWithLinksCut, int maxLinksPerPage, List<String> discoveryNotes, Stop stop,
                          int frontierLimit, int pdfsCut, int pdfPagesLeftOut) {

    public CrawlIssues {
        failures = failures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        discoveryNotes = discoveryNotes == null ? List.of() : List.copyOf(discoveryNotes);
    }

    /** Issues of a crawl that read no PDF past its page limit. */
    public CrawlIssues(String baseUrlProblem, Map<String, Integer> failures, int longUrlsSkipped,
                       int pagesWithLinksCut, int maxLinksPerPage, List<String> discoveryNotes, Stop stop,
                       int frontierLimit) {
        this(baseUrlProblem, failures, longUrlsSkipped, pagesWithLinksCut, maxLinksPerPage, discoveryNotes, stop,
                frontierLimit, 0, 0);
    }

    /** Issues of a crawl that ran until it had no URL left (or reached max_pages). */
    public CrawlIssues(String baseUrlProblem, Map<String, Integer> failures, int longUrlsSkipped,
                       int pagesWithLinksCut, int maxLinksPerPage, List<String> discoveryNotes) {
        this(baseUrlProblem, failures, longUrlsSkipped, pagesWithLinksCut, maxLinksPerPage, discoveryNotes, null, 0);
    }

    public static CrawlIssues none() {
        return new CrawlIssues(null, Map.of(), 0, 0, CrawlBounds.defaults().maxLinksPerPage(), List.of());
    }

    /**
     * A bound that stopped the crawl before it ran out of URLs.
     *
     * @param reason   {@link UrlReason#MAX_DURATION} or {@link UrlReason#MAX_TOTAL_BYTES}: the code the URLs left are
     *                 reported under
     * @param setting  the setting that holds the bound ({@code max_duration}, {@code max_total_bytes},
     *                 {@code kh.crawler.max-crawl-bytes})
     * @param limit    the bound in words ("30 s", "1048576 bytes")
     * @param urlsLeft URLs queued or in flight that were not fetched
     */
    public record Stop(UrlReason reason, String setting, String limit, int urlsLeft) {
    }
}
