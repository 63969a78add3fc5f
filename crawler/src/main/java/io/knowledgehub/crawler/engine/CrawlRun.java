package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.crawler.extract.MarkdownExtractor;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.crawler.robots.RobotsRules;
import io.knowledgehub.crawler.scope.CrawlScope;
import io.knowledgehub.crawler.scope.UrlNormalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * One crawl's coordinator: owns the frontier, hands URLs to the workers, turns their results into outcomes and
 * decides what is followed. Everything here runs on the caller's thread, which is also the only thread that calls
 * the listener; the workers only fetch and extract.
 */
final class CrawlRun {

    /** The coordinator wakes at least this often to notice a cancel and to send progress. */
    private static final long POLL_MILLIS = 100;

    private final CrawlRequest request;
    private final CrawlRules rules;
    private final Workers workers;
    private final OutcomeSink sink;
    private final CrawlControl control;
    private final Frontier frontier;
    private final ChangeDetector detector;
    private final ContentDuplicates<Fetched> duplicates;
    private final CanonicalTargets<Canonical> canonicals = new CanonicalTargets<>();
    private final CrawlBudget budget;
    private final int maxDepth;
    private final int maxPages;
    private int dispatched;
    private boolean cancelled;
    /** The bound that stopped the crawl before it ran out of URLs (deadline, bytes), or null. */
    private UrlReason stoppedBy;
    /** The URLs a stop left unfetched, once the crawl has ended. */
    private List<String> leftAtStop = List.of();
    /** The frontier was full when a new URL came: links were not followed. */
    private boolean frontierFilled;
    private boolean complete;
    /** The base URL gave a page: without it nothing proves that unreached pages are gone. */
    private boolean baseReached;
    /**
     * A page failed in a way that may pass (timeout, 5xx, 429), or its host was refused: the links behind it are
     * unknown this time.
     */
    private boolean transientFailure;

    /**
     * The admission rules of a crawl: its scope, robots.txt, how many URLs may be in flight, how many in-scope
     * links of one page are followed, and how many URLs the frontier holds.
     */
    record CrawlRules(CrawlScope scope, RobotsRules robots, int inFlightLimit, int maxLinksPerPage, int maxFrontier) {
    }

    /**
     * A fetched page on its way to storage: from a 2xx answer ({@code page} set) or a 304 ({@code page} null, the
     * stored copy stands).
     */
    private record Fetched(String requested, String storeUrl, int depth, String hash, ExtractedPage page, String etag,
                           String lastModified, List<String> outlinks, MarkdownTwin twin) {
    }

    /** A fetched page that names another URL of the crawl as canonical, until that URL's answer decides where it goes. */
    private record Canonical(TaskResult.Page result, int depth, String canonical, List<String> outlinks) {
    }

    CrawlRun(CrawlRequest request, CrawlRules rules, Frontier frontier, Workers workers, OutcomeSink sink,
             CrawlControl control, CrawlBudget budget) {
        this.request = request;
        this.budget = budget;
        this.duplicates = new ContentDuplicates<>(request.knownPages(), Fetched::storeUrl);
        this.frontier = frontier;
        this.rules = rules;
        this.workers = workers;
        this.sink = sink;
        this.control = control;
        this.detector = new ChangeDetector(request);
        this.maxDepth = request.config().maxDepth();
        this.maxPages = request.config().maxPages();
    }

    CrawlStats run(List<String> sitemapSeeds) throws InterruptedException {
        frontier.offer(rules.scope().baseUrl(), 0);
        if (maxDepth >= 1) {
            sitemapSeeds.forEach(url -> offer(url, 1));
        }
        while (true) {
            if (control.isCancelled()) {
                cancelled = true;
                leftAtStop = new ArrayList<>(workers.inFlightUrls());
                leftAtStop.addAll(frontier.queued());
                break;
            }
            if (budget.pastDeadline()) {
                // what is in flight is abandoned: the deadline is the source's promise of how long a crawl takes
                stoppedBy = UrlReason.MAX_DURATION;
                leftAtStop = new ArrayList<>(workers.inFlightUrls());
                leftAtStop.addAll(frontier.queued());
                break;
            }
            if (stoppedBy == null && budget.bytesSpent()) {
                // no new URL is taken; the pages in flight are finished
                stoppedBy = UrlReason.MAX_TOTAL_BYTES;
            }
            dispatch();
            if (workers.inFlight() == 0) {
                break;
            }
            TaskResult result = workers.poll(POLL_MILLIS);
            if (result != null) {
                handle(result);
                settleDuplicates();
            }
            sink.progressIfDue(this::stats);
        }
        // canonical URLs this crawl did not reach (a limit, a cancel) cannot be confirmed: those pages keep their URL
        canonicals.drain().forEach(this::storeUnderOwnUrl);
        settleDuplicates();
        if (stoppedBy == UrlReason.MAX_TOTAL_BYTES) {
            leftAtStop = frontier.queued();
        }
        if (stoppedBy != null && leftAtStop.isEmpty()) {
            // the bound came when nothing was left to fetch: the crawl ran to its end all the same
            stoppedBy = null;
        }
        // an incomplete crawl has not seen every page: absence proves nothing then
        complete = !cancelled && stoppedBy == null && !hitMaxPages() && !frontierFilled && baseReached
                && !transientFailure;
        if (complete) {
            // stored pages not reached are deleted below: pages that waited for them are decided without them
            duplicates.lose(request.knownPages().keySet().stream().filter(url -> !sink.emitted(url)).toList());
            settleDuplicates();
            deleteUnreached();
        } else {
            aliasWaitingPages();
        }
        CrawlStats stats = stats(true);
        sink.progress(stats);
        return stats;
    }

    private void dispatch() {
        while (stoppedBy == null && workers.inFlight() < rules.inFlightLimit() && dispatched < maxPages) {
            Frontier.Entry entry = frontier.next();
            if (entry == null) {
                return;
            }
            if (!rules.robots().allowed(entry.url())) {
                frontier.done(entry.url());
                boolean base = entry.url().equals(rules.scope().baseUrl());
                if (base) {
                    sink.baseUrlProblem("The site's robots.txt disallows the base URL " + entry.url() + " for this "
                            + "crawler, so nothing could be crawled. Choose a base URL that robots.txt allows, or ask the "
                            + "site's owners to allow it.");
                }
                // a stored page the site's owners now forbid leaves the index, as one answering 404 does; a crawl whose
                // base URL is disallowed fails and keeps every stored page (a robots.txt mistake costs no pages)
                PageOutcome.Kind kind = !baseDisallowed() && request.knownPages().containsKey(entry.url())
                        ? PageOutcome.Kind.DELETED : PageOutcome.Kind.SKIPPED;
                sink.emit(PageOutcome.notStored(kind, entry.url(), entry.depth(), UrlReason.ROBOTS, 0,
                        "disallowed by robots.txt"), false);
                canonicals.decide(entry.url(), false);
                releaseCanonicalWaiters();
                continue;
            }
            workers.submit(entry);
            dispatched++;
        }
    }

    private void handle(TaskResult result) {
        frontier.done(result.url());
        if (result.url().equals(rules.scope().baseUrl())) {
            baseReached = result instanceof TaskResult.Page || result instanceof TaskResult.NotModified;
            sink.baseUrlProblem(baseUrlProblem(result));
        }
        int depth = Math.min(result.depth(), frontier.depthOf(result.url()));
        // a URL that gave no page of its own (it failed, was skipped, or redirects) is no page's canonical URL
        String pageUrl = result instanceof TaskResult.Page p ? p.finalUrl()
                : result instanceof TaskResult.NotModified n ? n.finalUrl() : null;
        if (!result.url().equals(pageUrl)) {
            canonicals.decide(result.url(), false);
        }
        if (result instanceof TaskResult.Failed failed) {
            canonicals.decide(failed.finalUrl(), false);
        }
        switch (result) {
            case TaskResult.Page page -> onPage(page, depth);
            case TaskResult.NotModified notModified -> onNotModified(notModified, depth);
            case TaskResult.Failed failed -> onFailed(failed, depth);
            case TaskResult.Skipped skipped -> notStored(skipped.url(), depth, skipped.code(), skipped.reason());
            case TaskResult.Redirected redirected -> notStored(redirected.url(), depth, UrlReason.REDIRECTED,
                    "redirects to " + redirected.target());
            case TaskResult.Denied denied -> onDenied(denied, depth);
        }
        releaseCanonicalWaiters();
    }

    private void onPage(TaskResult.Page result, int depth) {
        ExtractedPage page = result.page();
        if (page.pagesLeftOut() > 0) {
            sink.countPdfCut(page.pagesLeftOut());
        }
        String own = result.finalUrl();
        String canonical = page.canonicalUrl();
        // a canonical link outside the scope is ignored rather than followed out of it
        if (canonical != null && (canonical.equals(own) || canonical.length() > Document.MAX_URL_LENGTH
                || !rules.scope().contains(canonical))) {
            canonical = null;
        }
        List<String> outlinks = inScope(page.links(), own);
        follow(outlinks, depth + 1, own);
        trackingDuplicates(page.trackedLinks());
        if (canonical != null && canonical.equals(MarkdownExtractor.twinOf(own))) {
            // guide.html.md is the Markdown of guide.html: stored under that URL, whichever the crawl reaches first
            canonicals.decide(own, false);
            canonicals.decide(canonical, true);
            storeUnder(result, depth, canonical, outlinks, true);
            return;
        }
        // a page that names another canonical URL is no other page's canonical URL: no cycle or chain moves a page
        canonicals.decide(own, canonical == null);
        if (canonical == null) {
            storeUnder(result, depth, own, outlinks, true);
            return;
        }
        Canonical waiting = new Canonical(result, depth, canonical, outlinks);
        Boolean confirmed = canonicals.confirmed(canonical);
        if (confirmed == null && sink.emitted(canonical)) {
            // it has an outcome, yet gave no page that stands as canonical
            confirmed = false;
        }
        if (confirmed == null) {
            // the canonical URL is fetched like a link of the page, at the page's depth; the page waits for its answer
            canonicals.await(canonical, waiting);
            offer(canonical, depth);
        } else {
            byCanonical(waiting, confirmed);
        }
    }

    /** Pages waiting for a canonical URL that now has its answer are stored, or reported as its duplicates. */
    private void releaseCanonicalWaiters() {
        List<CanonicalTargets.Decided<Canonical>> ready;
        while (!(ready = canonicals.ready()).isEmpty()) {
            ready.forEach(d -> byCanonical(d.page(), d.confirmed()));
        }
    }

    /**
     * A page whose canonical URL has its answer: confirmed, the page is that URL's duplicate (the page stored there
     * is the canonical page's own); not confirmed, the canonical link is ignored.
     */
    private void byCanonical(Canonical c, boolean confirmed) {
        if (confirmed) {
            notStored(c.result().url(), c.depth(), UrlReason.CANONICAL_TO, "duplicate of " + c.canonical());
        } else {
            storeUnderOwnUrl(c);
        }
    }

    /**
     * A page whose canonical link is ignored is stored under its own URL without its validators: the next crawl
     * fetches it in full, sees its canonical link again and checks that URL again. So a 304 always comes from a page
     * that names no other canonical URL.
     */
    private void storeUnderOwnUrl(Canonical c) {
        storeUnder(c.result(), c.depth(), c.result().finalUrl(), c.outlinks(), false);
    }

    private void storeUnder(TaskResult.Page result, int depth, String storeUrl, List<String> outlinks,
                            boolean validators) {
        UrlReason duplicate = storeUrl.equals(result.finalUrl()) ? UrlReason.DUPLICATE_OF : UrlReason.CANONICAL_TO;
        if (!claimStorage(result.url(), storeUrl, depth, duplicate)) {
            return;
        }
        frontier.reached(result.finalUrl(), depth);
        if (result.clientRenderedShell()) {
            sink.countShell();
        }
        store(new Fetched(result.url(), storeUrl, depth, result.page().contentHash(), result.page(),
                validators ? result.etag() : null, validators ? result.lastModified() : null, outlinks, result.twin()));
    }

    private void onNotModified(TaskResult.NotModified result, int depth) {
        String storeUrl = result.finalUrl();
        KnownPage known = request.knownPages().get(storeUrl);
        // only a page that named no other canonical URL is stored with validators (storeUnderOwnUrl)
        canonicals.decide(storeUrl, known != null);
        if (known == null) {
            sink.emit(PageOutcome.notStored(PageOutcome.Kind.FAILED, result.url(), depth, UrlReason.HTTP_STATUS, 304,
                    "HTTP 304 for a page that is not stored"), true);
            return;
        }
        // nothing was downloaded: the links stored last time stand in for the page's links
        List<String> outlinks = inScope(known.outlinks(), storeUrl);
        follow(outlinks, depth + 1, storeUrl);
        if (!claimStorage(result.url(), storeUrl, depth, UrlReason.DUPLICATE_OF)) {
            return;
        }
        store(new Fetched(result.url(), storeUrl, depth, known.contentHash(), null,
                result.etag() != null ? result.etag() : known.etag(),
                result.lastModified() != null ? result.lastModified() : known.lastModified(), outlinks,
                result.twin() != null ? result.twin() : known.twin()));
    }

    /**
     * Stores a fetched page under its URL, unless a page of the source already has the same content: then it is
     * recorded as that page's alias, or waits for that page's own result ({@link ContentDuplicates}).
     */
    private void store(Fetched f) {
        switch (duplicates.decide(f.storeUrl(), f.hash(), this::settled)) {
            case ContentDuplicates.Decision.Wait w -> {
                duplicates.await(w.knownUrl(), f);
                return;
            }
            case ContentDuplicates.Decision.Alias a -> alias(f, a.documentUrl());
            case ContentDuplicates.Decision.Store s -> {
                PageOutcome.Kind kind = f.page() == null ? PageOutcome.Kind.UNCHANGED
                        : detector.classify(f.storeUrl(), f.page());
                boolean changed = kind == PageOutcome.Kind.NEW || kind == PageOutcome.Kind.UPDATED;
                sink.emit(new PageOutcome(kind, f.storeUrl(), f.depth(), changed ? f.page() : null, f.etag(),
                        f.lastModified(), f.outlinks(), f.twin()), true);
                duplicates.stored(f.storeUrl(), f.hash());
            }
        }
        movedFrom(f.requested(), f.storeUrl(), f.depth());
    }

    /** The page is not stored: its URL becomes an alias of the document stored under {@code documentUrl}. */
    private void alias(Fetched f, String documentUrl) {
        PageOutcome.Kind kind = request.knownPages().containsKey(f.storeUrl()) ? PageOutcome.Kind.DELETED
                : PageOutcome.Kind.SKIPPED;
        sink.emit(PageOutcome.alias(kind, f.storeUrl(), f.depth(), documentUrl), true);
    }

    /** Pages that waited for a stored page which now has its result are decided again. */
    private void settleDuplicates() {
        List<Fetched> released;
        while (!(released = duplicates.released(this::settled)).isEmpty()) {
            released.forEach(this::store);
        }
    }

    /**
     * At the end of a crawl that did not reach every page: the pages still waiting share the content of stored pages
     * that keep it, and become their aliases.
     */
    private void aliasWaitingPages() {
        duplicates.drain().forEach((knownUrl, pages) -> pages.forEach(f -> {
            alias(f, knownUrl);
            movedFrom(f.requested(), f.storeUrl(), f.depth());
        }));
    }

    /** Whether a URL has its outcome, or is a page waiting for one. */
    private boolean settled(String url) {
        return sink.emitted(url) || duplicates.isWaiting(url);
    }

    /**
     * Whether the page fetched for {@code requested} is to be stored under {@code storeUrl}: false when that URL
     * already has its outcome in this crawl (a canonical duplicate), which is then reported for {@code requested}
     * with the reason {@code duplicate}.
     */
    private boolean claimStorage(String requested, String storeUrl, int depth, UrlReason duplicate) {
        if (!sink.emitted(storeUrl) && !duplicates.isWaiting(storeUrl)) {
            frontier.reached(storeUrl, depth);
            return true;
        }
        if (requested.equals(storeUrl)) {
            // reached meanwhile as another page's canonical URL: fetched, but nothing new to say about it
            sink.countChecked();
        } else {
            notStored(requested, depth, duplicate, "duplicate of " + storeUrl);
        }
        return false;
    }

    /**
     * A fetched URL that is not stored (a duplicate, a redirect, not HTML, too large, redirected out of scope): a
     * stored copy of it is stale and deleted, an unknown one is skipped.
     */
    private void notStored(String url, int depth, UrlReason code, String reason) {
        if (sink.emitted(url)) {
            sink.countChecked();
            return;
        }
        PageOutcome.Kind kind = request.knownPages().containsKey(url) ? PageOutcome.Kind.DELETED : PageOutcome.Kind.SKIPPED;
        sink.emit(PageOutcome.notStored(kind, url, depth, code, 0, reason), true);
    }

    /**
     * Whether robots.txt disallows the base URL: the crawl then fails and deletes no stored page, also none it meets
     * through a sitemap or llms.txt.
     */
    private boolean baseDisallowed() {
        return !rules.robots().allowed(rules.scope().baseUrl());
    }

    /** After a redirect or a canonical link, the URL that was requested is no longer a page of its own. */
    private void movedFrom(String requested, String storeUrl, int depth) {
        if (!requested.equals(storeUrl) && request.knownPages().containsKey(requested) && !sink.emitted(requested)) {
            sink.emit(PageOutcome.notStored(PageOutcome.Kind.DELETED, requested, depth, UrlReason.MOVED, 0,
                    "moved to " + storeUrl), false);
        }
    }

    /**
     * A refused address is skipped and counted, never fetched. A page that now redirects there is not stored (a
     * stored copy is stale, as with any redirect out of the crawl); a page whose own host is refused keeps its
     * stored copy, and the crawl cannot tell what is gone.
     */
    private void onDenied(TaskResult.Denied result, int depth) {
        if (sink.emitted(result.url())) {
            if (result.redirected()) {
                sink.countChecked();
            }
            return;
        }
        PageOutcome.Kind kind = PageOutcome.Kind.SKIPPED;
        if (result.redirected()) {
            kind = request.knownPages().containsKey(result.url()) ? PageOutcome.Kind.DELETED : PageOutcome.Kind.SKIPPED;
        } else {
            transientFailure = true;
        }
        sink.emitDenied(PageOutcome.notStored(kind, result.url(), depth, UrlReason.DENIED_ADDRESS, 0, result.reason()),
                result.redirected());
        if (kind == PageOutcome.Kind.SKIPPED) {
            keptContent(result.url());
        }
    }

    /** A stored page that could not be fetched this time keeps its content, which other pages may share. */
    private void keptContent(String url) {
        KnownPage known = request.knownPages().get(url);
        if (known != null) {
            duplicates.stored(url, known.contentHash());
        }
    }

    private void onFailed(TaskResult.Failed result, int depth) {
        int status = result.status();
        if (status == 0 || status == 408 || status == 429 || status >= 500) {
            transientFailure = true;
        }
        if (result.status() == 404 || result.status() == 410) {
            String gone = request.knownPages().containsKey(result.finalUrl()) ? result.finalUrl()
                    : request.knownPages().containsKey(result.url()) ? result.url() : null;
            if (gone != null && !sink.emitted(gone)) {
                sink.emit(PageOutcome.notStored(PageOutcome.Kind.DELETED, gone, depth, result.code(), status,
                        result.reason()), true);
                return;
            }
        }
        sink.emit(PageOutcome.notStored(PageOutcome.Kind.FAILED, result.url(), depth, result.code(), status,
                result.reason()), true);
        keptContent(result.url());
    }

    /**
     * The page's links in the crawl's scope, at most {@link CrawlRules#maxLinksPerPage()} of them; the others are
     * reported as not followed, with the reason.
     */
    private List<String> inScope(List<String> links, String from) {
        List<String> out = new ArrayList<>(Math.min(links.size(), rules.maxLinksPerPage()));
        boolean cut = false;
        for (String link : links) {
            if (!rules.scope().contains(link)) {
                String pattern = rules.scope().excludedBy(link);
                if (pattern == null) {
                    sink.notFollowed(link, UrlReason.OUT_OF_SCOPE, null);
                } else {
                    sink.notFollowed(link, UrlReason.EXCLUDED_BY_PATTERN, "matches " + pattern);
                }
            } else if (out.size() < rules.maxLinksPerPage()) {
                out.add(link);
            } else {
                if (!cut) {
                    sink.countLinksCut();
                    cut = true;
                }
                sink.notFollowed(link, UrlReason.TOO_MANY_LINKS, "linked from " + from);
            }
        }
        return out;
    }

    private void follow(List<String> links, int depth, String from) {
        if (depth > maxDepth) {
            // reported unless another page reaches them nearer the base URL
            links.forEach(link -> sink.notFollowed(link, UrlReason.MAX_DEPTH, "linked from " + from));
            return;
        }
        for (String link : links) {
            offer(link, depth);
        }
    }

    /**
     * Links the page wrote with tracking parameters name the same page as without them, which the crawl follows
     * once: they are reported as duplicates of it.
     */
    private void trackingDuplicates(List<String> tracked) {
        for (String link : tracked) {
            String page = UrlNormalizer.normalize(link);
            if (page != null && rules.scope().contains(page)) {
                sink.notFollowed(link, UrlReason.DUPLICATE_OF, "duplicate of " + page);
            }
        }
    }

    /**
     * Queues a URL unless it is longer than a document URL may be: such a URL is skipped with its reason (once per
     * crawl) instead of failing the batch of pages that would store it. A URL that comes when the frontier is full
     * is not followed (reason {@code frontier_full}).
     */
    private void offer(String url, int depth) {
        if (url.length() <= Document.MAX_URL_LENGTH) {
            if (!frontier.offer(url, depth) && frontier.full() && !frontier.knows(url) && !sink.emitted(url)) {
                frontierFilled = true;
                sink.notFollowed(url, UrlReason.FRONTIER_FULL, null);
            }
        } else if (!sink.emitted(url)) {
            sink.countLongUrl();
            sink.emit(PageOutcome.notStored(PageOutcome.Kind.SKIPPED, url, depth, UrlReason.URL_TOO_LONG, 0,
                    "URL longer than " + Document.MAX_URL_LENGTH + " characters"), false);
        }
    }

    /** Why the base URL gave no page, as the sentence the user reads; null when it gave one. */
    private static String baseUrlProblem(TaskResult result) {
        String base = result.url();
        return switch (result) {
            case TaskResult.Page p -> null;
            case TaskResult.NotModified n -> null;
            case TaskResult.Redirected r -> null; // its target is fetched on its own
            case TaskResult.Failed f when f.status() == 0 && f.reason().startsWith("could not") ->
                    "The base URL " + base + " was fetched but " + f.reason() + ".";
            case TaskResult.Failed f when f.status() == 0 ->
                    "The base URL " + base + " could not be reached: " + f.reason()
                            + ". Check the URL and that the site is up.";
            case TaskResult.Failed f -> "The base URL " + base
                    + (f.reason().startsWith("HTTP ") ? " answered " : " failed: ") + f.reason()
                    + (f.finalUrl().equals(base) ? "" : " (at " + f.finalUrl() + ", where it redirects)")
                    + ". Check the URL and that the site is up.";
            case TaskResult.Skipped sk -> "The base URL " + base + " gave no page to store: " + sk.reason()
                    + ". Check the URL.";
            case TaskResult.Denied d -> "The base URL " + base + " could not be crawled: " + d.reason() + ".";
        };
    }

    /**
     * Known pages that a complete crawl did not reach are gone from the source: still linked but now beyond
     * {@code max_depth}, excluded by a pattern or out of scope (the source's settings changed), else no longer linked.
     */
    private void deleteUnreached() {
        request.knownPages().keySet().stream().sorted().filter(url -> !sink.emitted(url)).forEach(url -> {
            CoverageTally.NotFollowed because = sink.notFollowedBecause(url)
                    .filter(n -> n.code() == UrlReason.MAX_DEPTH || n.code() == UrlReason.EXCLUDED_BY_PATTERN
                            || n.code() == UrlReason.OUT_OF_SCOPE)
                    .orElse(new CoverageTally.NotFollowed(UrlReason.NO_LONGER_LINKED, null));
            UrlReason why = because.code();
            String reason = switch (why) {
                case MAX_DEPTH -> "deeper than max_depth (" + maxDepth + ")"
                        + (because.detail() == null ? "" : ", " + because.detail());
                case EXCLUDED_BY_PATTERN -> because.detail() == null ? "excluded by a pattern" : because.detail();
                case OUT_OF_SCOPE -> "outside the source's scope";
                default -> "no longer linked";
            };
            sink.emit(PageOutcome.notStored(PageOutcome.Kind.DELETED, url, -1, why, 0, reason), false);
        });
    }

    private boolean hitMaxPages() {
        return dispatched >= maxPages && frontier.hasQueued();
    }

    private CrawlStats stats() {
        return stats(false);
    }

    /**
     * @param ended the crawl is over: URLs left by a bound (max_pages, the deadline, the byte limit) or a cancel are
     *              then reported as not crawled
     */
    private CrawlStats stats(boolean ended) {
        boolean cut = hitMaxPages();
        CoverageTally.LeftOver left = CoverageTally.LeftOver.NONE;
        CrawlIssues.Stop stop = null;
        if (ended && stoppedBy != null) {
            left = new CoverageTally.LeftOver(stoppedBy, leftAtStop);
            stop = stoppedBy == UrlReason.MAX_DURATION ? budget.deadline(leftAtStop.size()) : budget.bytes(leftAtStop.size());
        } else if (ended && cancelled) {
            left = new CoverageTally.LeftOver(UrlReason.CANCELLED, leftAtStop);
        } else if (ended && cut) {
            left = new CoverageTally.LeftOver(UrlReason.MAX_PAGES, frontier.queued());
        }
        return sink.stats(Math.min(frontier.size(), maxPages), frontier.size(), cut && stoppedBy == null, cancelled,
                frontier::knows, left, stop, frontierFilled ? rules.maxFrontier() : 0, ended && complete);
    }
}
