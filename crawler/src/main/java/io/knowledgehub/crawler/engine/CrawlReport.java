package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.core.document.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a crawl ended, told to the user: whether it failed (it stored nothing: no new, updated or unchanged page) and
 * with which message, and the warnings of a crawl that stored pages but met problems. Pure functions of
 * {@link CrawlStats}.
 */
public final class CrawlReport {

    private static final int REASONS_SHOWN = 3;

    private CrawlReport() {
    }

    /**
     * The error message of a crawl that gave the source nothing, empty when it stored or confirmed at least one page
     * or was cancelled. An incremental crawl whose pages are all unchanged did not fail.
     */
    public static Optional<String> failure(CrawlStats s) {
        if (s.cancelled() || s.pagesNew() + s.pagesUpdated() + s.pagesUnchanged() > 0) {
            return Optional.empty();
        }
        if (s.issues().baseUrlProblem() != null) {
            return Optional.of(s.issues().baseUrlProblem());
        }
        CrawlIssues.Stop stop = s.issues().stop();
        StringBuilder m = new StringBuilder(stop == null ? "The crawl stored no page: "
                : "The crawl " + stopped(stop) + " before it stored any page: ").append(s.pagesChecked()).append(" checked");
        if (s.pagesFailed() > 0) {
            m.append(", ").append(s.pagesFailed()).append(" failed (").append(reasons(s.issues().failures())).append(')');
        }
        if (s.pagesSkipped() > 0) {
            m.append(", ").append(s.pagesSkipped()).append(" skipped");
        }
        return Optional.of(m.append(stop == null
                ? ". Check the base URL, follow_patterns and exclude_patterns, and that the site is up."
                : ". Raise " + stop.setting() + " if the site needs more.").toString());
    }

    /** Sentences about problems of a crawl as a whole, each saying what to do if anything; empty when none. */
    public static List<String> warnings(CrawlStats s) {
        CrawlIssues issues = s.issues();
        List<String> out = new ArrayList<>();
        if (issues.baseUrlProblem() != null && failure(s).isEmpty()) {
            out.add(issues.baseUrlProblem());
        }
        if (s.pagesFailed() > 0) {
            out.add(s.pagesFailed() + (s.pagesFailed() == 1 ? " page" : " pages") + " could not be fetched or read ("
                    + reasons(issues.failures()) + "); stored copies keep their last content, and the next crawl tries again.");
        }
        if (issues.longUrlsSkipped() > 0) {
            out.add(issues.longUrlsSkipped() + (issues.longUrlsSkipped() == 1 ? " link was" : " links were")
                    + " skipped: the URL is longer than " + Document.MAX_URL_LENGTH
                    + " characters, the longest a page can be stored under (counted in pages_skipped).");
        }
        if (issues.pagesWithLinksCut() > 0) {
            out.add(issues.pagesWithLinksCut() + (issues.pagesWithLinksCut() == 1 ? " page links" : " pages link")
                    + " to more than " + issues.maxLinksPerPage() + " pages of the source; only the first "
                    + issues.maxLinksPerPage() + " links of each were followed (kh.crawler.max-links-per-page).");
        }
        if (issues.pdfsCut() > 0) {
            out.add(issues.pdfsCut() + (issues.pdfsCut() == 1 ? " PDF has" : " PDFs have") + " more pages than the crawler"
                    + " reads (kh.crawler.max-pdf-pages); " + issues.pdfPagesLeftOut()
                    + (issues.pdfPagesLeftOut() == 1 ? " page past that limit was" : " pages past that limit were")
                    + " not indexed.");
        }
        if (issues.stop() != null && failure(s).isEmpty()) {
            CrawlIssues.Stop stop = issues.stop();
            out.add("The crawl " + stopped(stop) + " with " + stop.urlsLeft() + (stop.urlsLeft() == 1 ? " URL" : " URLs")
                    + " not fetched (" + stop.reason().code() + " in the coverage report); pages it did not reach keep"
                    + " their stored copies.");
        }
        if (issues.frontierLimit() > 0) {
            out.add("The crawl kept track of " + issues.frontierLimit() + " URLs, the most kh.crawler.max-frontier allows;"
                    + " links to further URLs were not followed (frontier_full in the coverage report), and pages not"
                    + " reached keep their stored copies.");
        }
        out.addAll(issues.discoveryNotes());
        if (s.shellPages() > 0) {
            out.add(s.shellPages() + (s.shellPages() == 1 ? " page looks" : " pages look")
                    + " rendered by JavaScript (little text, scripts present); set render_js: true in the source's"
                    + " config to load pages in headless Chromium before extracting them.");
        }
        return out;
    }

    /** "stopped at its deadline (max_duration: 30 s)", "stopped at its download limit (max_total_bytes: … bytes)". */
    private static String stopped(CrawlIssues.Stop stop) {
        return "stopped at its " + (stop.reason() == UrlReason.MAX_DURATION ? "deadline" : "download limit") + " ("
                + stop.setting() + ": " + stop.limit() + ")";
    }

    /** "HTTP 500: 2 pages, connection refused: 1 page", the most frequent kinds first. */
    static String reasons(Map<String, Integer> failures) {
        List<Map.Entry<String, Integer>> sorted = failures.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
        String shown = sorted.stream().limit(REASONS_SHOWN).map(e -> e.getKey() + ": " + pages(e.getValue()))
                .collect(Collectors.joining(", "));
        int others = sorted.stream().skip(REASONS_SHOWN).mapToInt(Map.Entry::getValue).sum();
        return others == 0 ? shown : shown + ", other: " + pages(others);
    }

    private static String pages(int n) {
        return n + (n == 1 ? " page" : " pages");
    }

    /** The kind of a failure reason: the words before any detail ("HTTP 503 (still after 2 retries)" → "HTTP 503"). */
    static String kindOf(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        int cut = reason.length();
        for (String mark : List.of(":", " (")) {
            int at = reason.indexOf(mark);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return reason.substring(0, cut).strip();
    }
}
