package io.knowledgehub.core.job;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What became of the URLs one crawl found (a source's coverage report): the counts, and for every URL that was
 * skipped, failed, deleted or not crawled at all the reason, with a few sample URLs per reason. Counts are exact;
 * samples are capped at {@code samplesPerReason} per reason, so the report stays small however large the site.
 * Stored with its job ({@link CoverageRepository}).
 *
 * @param samplesPerReason the cap on {@link Reason#samples()}
 */
public record CrawlCoverage(Counts counts, List<Reason> reasons, int samplesPerReason) {

    /** Sample URLs kept per reason. */
    public static final int SAMPLES_PER_REASON = 5;

    public CrawlCoverage {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /**
     * @param discovered distinct URLs of the source the crawl found (base URL, links, sitemaps, redirect targets,
     *                   canonical links), fetched or not, as far as it kept track of them (kh.crawler.max-frontier)
     * @param fetched    URLs fetched or tried ({@code pages_checked} of the job's result)
     * @param notCrawled URLs found but never fetched and not counted as skipped: links out of the source's scope or
     *                   excluded by a pattern, tracking-parameter and session-id duplicates, links beyond max_depth,
     *                   the per-page link limit or a full frontier, and URLs still queued (or in flight) when
     *                   max_pages, max_duration or the download limit stopped the crawl
     */
    public record Counts(int discovered, int fetched, @JsonProperty("new") int created, int updated, int unchanged,
                         int deleted, int skipped, int failed, int notCrawled) {

        public static Counts none() {
            return new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * One reason and the URLs that share it.
     *
     * @param outcome {@code skipped}, {@code failed}, {@code deleted} or {@code not_crawled}
     * @param code    a stable snake_case code ({@code robots}, {@code http_status}, {@code out_of_scope} …)
     * @param label   the reason in words, for people
     * @param status  the HTTP status for {@code http_status}, else null
     * @param count   how many URLs (exact)
     * @param samples the first URLs met, at most {@link CrawlCoverage#samplesPerReason()}
     */
    public record Reason(String outcome, String code, String label, Integer status, int count, List<Sample> samples) {

        public Reason {
            samples = samples == null ? List.of() : List.copyOf(samples);
        }
    }

    /**
     * @param url    the URL as the crawl knew it (for a tracking-parameter duplicate: as the page wrote it)
     * @param detail what the reason refers to where there is more to say (the page a duplicate stands for, a
     *               redirect's target, the failure as the crawler met it), else null
     */
    public record Sample(String url, String detail) {
    }

    /** The report of a crawl that found nothing (it was refused before any page was fetched). */
    public static CrawlCoverage empty() {
        return new CrawlCoverage(Counts.none(), List.of(), SAMPLES_PER_REASON);
    }
}
