package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.core.job.CrawlCoverage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The raw material of a crawl's coverage report, kept by the coordinator beside the counters: every skipped, failed
 * and deleted URL counted under its reason, the first few kept as samples, and the links the crawl did not follow.
 * Counts are exact; samples are capped per reason, and a sample longer than a stored URL may be is cut. The links not
 * followed are remembered up to a bound (a site of endless links must not fill the memory here either); beyond it they
 * are still counted under their reason, but a link seen twice then counts twice.
 */
final class CoverageTally {

    /** The order reasons are listed in: what needs attention first. */
    private static final List<String> OUTCOMES = List.of("failed", "skipped", "deleted", "not_crawled");
    /** A stored URL is at most 2,048 characters; a sample of an over-long one keeps a readable start. */
    static final int MAX_SAMPLE_CHARS = 2100;

    private record Key(String outcome, UrlReason code, int status) {
    }

    private static final class Group {
        int count;
        final List<CrawlCoverage.Sample> samples = new ArrayList<>();
    }

    /** Why a link was not followed: the reason and its detail ("matches PATTERN", "linked from URL", or null). */
    record NotFollowed(UrlReason code, String detail) {
    }

    /** The reasons of a report and how many URLs were not crawled. */
    record Reasons(List<CrawlCoverage.Reason> reasons, int notCrawled) {
    }

    /** URLs still queued (or in flight) when a bound stopped the crawl, reported under {@code code}. */
    record LeftOver(UrlReason code, List<String> urls) {
        static final LeftOver NONE = new LeftOver(UrlReason.MAX_PAGES, List.of());
    }

    private final int samplesPerReason;
    private final int maxRemembered;
    /** Links not followed beyond {@code maxRemembered}, counted by reason. */
    private final Map<UrlReason, Integer> overflow = new LinkedHashMap<>();
    private final Map<Key, Group> outcomes = new LinkedHashMap<>();
    /**
     * Links not followed, with the first reason met. Whether they stay unreached is known only when the report is
     * made: a link beyond max_depth from one page may be reached nearer the base URL from another.
     */
    private final Map<String, NotFollowed> notFollowed = new LinkedHashMap<>();

    CoverageTally(int samplesPerReason) {
        this(samplesPerReason, Integer.MAX_VALUE);
    }

    /** @param maxRemembered links not followed that are told apart by URL; further ones are only counted */
    CoverageTally(int samplesPerReason, int maxRemembered) {
        this.samplesPerReason = samplesPerReason;
        this.maxRemembered = maxRemembered;
    }

    /** Counts a skipped, failed or deleted URL under its reason; stored pages have none and are not counted here. */
    void outcome(PageOutcome o) {
        String outcome = switch (o.kind()) {
            case SKIPPED -> "skipped";
            case FAILED -> "failed";
            case DELETED -> "deleted";
            case NEW, UPDATED, UNCHANGED -> null;
        };
        if (outcome == null || o.code() == null) {
            return;
        }
        int status = o.code() == UrlReason.HTTP_STATUS ? o.status() : 0;
        String detail = o.reason() == null || o.reason().equals("HTTP " + status) || o.reason().equals(o.code().label())
                ? null : o.reason();
        add(outcomes, new Key(outcome, o.code(), status), o.url(), detail);
    }

    /** A link the crawl does not follow; the first reason given for a URL stands. */
    void notFollowed(String url, UrlReason code, String detail) {
        if (notFollowed.size() < maxRemembered || notFollowed.containsKey(url)) {
            notFollowed.putIfAbsent(url, new NotFollowed(code, detail));
        } else {
            overflow.merge(code, 1, Integer::sum);
        }
    }

    /** Why the crawl did not follow the links to {@code url} (the first reason given), if it met any and remembers it. */
    Optional<NotFollowed> notFollowedBecause(String url) {
        return Optional.ofNullable(notFollowed.get(url));
    }

    /**
     * @param reached  URLs the crawl reached after all: their links are not reported as not crawled
     * @param leftOver in-scope URLs still queued (or in flight) when a bound stopped the crawl, with the bound
     */
    Reasons reasons(Predicate<String> reached, LeftOver leftOver) {
        // made afresh for each report: whether a link stayed unreached can change until the crawl ends
        Map<Key, Group> notCrawledGroups = new LinkedHashMap<>();
        int notCrawled = 0;
        for (Map.Entry<String, NotFollowed> e : notFollowed.entrySet()) {
            if (!reached.test(e.getKey())) {
                add(notCrawledGroups, new Key("not_crawled", e.getValue().code(), 0), e.getKey(), e.getValue().detail());
                notCrawled++;
            }
        }
        for (Map.Entry<UrlReason, Integer> e : overflow.entrySet()) {
            notCrawledGroups.computeIfAbsent(new Key("not_crawled", e.getKey(), 0), k -> new Group()).count += e.getValue();
            notCrawled += e.getValue();
        }
        for (String url : leftOver.urls()) {
            add(notCrawledGroups, new Key("not_crawled", leftOver.code(), 0), url, null);
            notCrawled++;
        }
        List<CrawlCoverage.Reason> out = new ArrayList<>(outcomes.size() + notCrawledGroups.size());
        for (Map<Key, Group> groups : List.of(outcomes, notCrawledGroups)) {
            groups.forEach((key, group) -> out.add(new CrawlCoverage.Reason(key.outcome(), key.code().code(),
                    key.code().label(key.status()), key.status() == 0 ? null : key.status(), group.count,
                    List.copyOf(group.samples))));
        }
        out.sort(Comparator.<CrawlCoverage.Reason>comparingInt(r -> OUTCOMES.indexOf(r.outcome()))
                .thenComparing(Comparator.comparingInt(CrawlCoverage.Reason::count).reversed())
                .thenComparing(CrawlCoverage.Reason::code)
                .thenComparing(r -> r.status() == null ? 0 : r.status()));
        return new Reasons(out, notCrawled);
    }

    private void add(Map<Key, Group> groups, Key key, String url, String detail) {
        Group group = groups.computeIfAbsent(key, k -> new Group());
        group.count++;
        if (group.samples.size() < samplesPerReason) {
            group.samples.add(new CrawlCoverage.Sample(cut(url), cut(detail)));
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_SAMPLE_CHARS ? s : s.substring(0, MAX_SAMPLE_CHARS) + "…";
    }
}
