package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.settings.CrawlBounds;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.InProcessHostThrottle;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.extract.HtmlExtractor;
import io.knowledgehub.crawler.extract.PdfExtractor;
import io.knowledgehub.crawler.fetch.DeniedHosts;
import io.knowledgehub.crawler.fetch.FetchPlan;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.render.ChromiumRenderer;
import io.knowledgehub.crawler.robots.RobotsRules;
import io.knowledgehub.crawler.scope.CrawlScope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Crawls one source: robots.txt and sitemaps first, then a breadth-first walk from the base URL within the
 * source's scope, depth and page limits, classifying every URL (see {@link PageOutcome.Kind}) and reporting to a
 * {@link CrawlListener}. Plain Java, stateless between crawls and safe to share: each {@link #crawl} call builds
 * its own state. The calling thread coordinates; fetching and extraction run on virtual threads that end with
 * the crawl.
 */
public final class CrawlEngine {

    private static final long WAIT_SLICE_MILLIS = 100;

    /** The types of page a crawl reads: the kinds {@link PageTask} extracts, PDF only when PDFs are read. */
    static Predicate<String> indexedTypes(boolean pdfEnabled) {
        return type -> {
            if (type == null || type.isBlank()) {
                // no Content-Type at all: give the body a chance, the parser copes with what it is
                return true;
            }
            return ContentKind.ofMediaType(type).filter(k -> PageTask.extracts(k, pdfEnabled)).isPresent();
        };
    }

    private final PageFetcher fetcher;
    private final CrawlerSettings settings;
    private final HostThrottle hosts;
    private final ContentSettings content;
    /** Chromium processes running at once, across all crawls of this engine. */
    private final Semaphore renderSlots;

    /** An engine whose crawls are polite together only among themselves (a fresh in-process host schedule). */
    public CrawlEngine(PageFetcher fetcher, CrawlerSettings settings) {
        this(fetcher, settings, new InProcessHostThrottle());
    }

    /** @param hosts the per-host schedule of fetch slots shared with every other crawl of the same hosts */
    public CrawlEngine(PageFetcher fetcher, CrawlerSettings settings, HostThrottle hosts) {
        this(fetcher, settings, hosts, ContentSettings.defaults());
    }

    /** @param content which document kinds beyond HTML are read (PDF) and how render_js pages are rendered */
    public CrawlEngine(PageFetcher fetcher, CrawlerSettings settings, HostThrottle hosts, ContentSettings content) {
        this.fetcher = fetcher;
        this.settings = settings;
        this.hosts = hosts;
        this.content = content;
        this.renderSlots = new Semaphore(Math.max(1, content.chromium().concurrency()));
    }

    /**
     * Runs one crawl to its end, its page limit, its deadline or byte limit ({@link CrawlBudget}), or its
     * cancellation.
     *
     * @throws InterruptedException when the calling thread is interrupted (outcomes emitted so far stay emitted)
     * @throws IllegalArgumentException when the base URL is not an absolute http(s) URL
     * @throws CrawlFailedException     when the site is not to be crawled: its robots.txt could not be fetched because
     *                                  of a server or network error (which disallows everything, RFC 9309), or it asks
     *                                  for more than the crawler's {@link CrawlBounds} accept (a robots.txt
     *                                  Crawl-delay above the maximum); nothing but robots.txt was fetched, and no
     *                                  outcome was reported, so nothing stored is deleted
     */
    public CrawlStats crawl(CrawlRequest request, CrawlListener listener, CrawlControl control) throws InterruptedException {
        SourceConfig config = request.config();
        CrawlScope scope = CrawlScope.of(request.baseUrl(), config);
        int parallelism = Math.max(1, Math.min(settings.maxConcurrency(), config.performance().parallelHashCalculation()));
        double configDelay = config.delayFor(request.incremental());
        OutcomeSink sink = new OutcomeSink(listener, settings.bounds());
        DeniedHosts denied = new DeniedHosts();
        CrawlBudget budget = CrawlBudget.of(config.limits(), settings.bounds());

        SiteDiscovery.Site site = awaitOrCancel(
                () -> new SiteDiscovery(fetcher, settings, hosts, denied, budget.downloaded())
                        .discover(scope, config, configDelay, parallelism, request.knownPages().size()),
                control, budget, sink);
        if (site == null) {
            boolean cancelled = control.isCancelled();
            if (!cancelled) {
                sink.baseUrlProblem("The crawl reached its deadline (max_duration: " + budget.maxDuration().getSeconds()
                        + " s) while reading robots.txt and sitemaps, before any page was fetched. Raise max_duration "
                        + "in the source's config.");
            }
            CrawlStats stats = sink.stats(0, false, cancelled);
            sink.progress(stats);
            return stats;
        }
        sink.notes(site.notes());
        FetchPolicy policy = new FetchPolicy(fetcher, site.throttle(), settings, denied, budget.downloaded());
        Frontier frontier = new Frontier(settings.bounds().maxFrontier());
        long maxBytes = content.pdfEnabled() ? Math.max(settings.maxResponseBytes(), content.maxPdfBytes())
                : settings.maxResponseBytes();
        // a body that may be a PDF (its type says so, or says nothing and the URL may) may be read as far as a PDF may;
        // any other page no further than a page may
        long htmlBytes = settings.maxResponseBytes();
        FetchPlan plan = new FetchPlan(indexedTypes(content.pdfEnabled()),
                url -> scope.contains(url) && site.robots().allowed(url), frontier::claim, validators(request), maxBytes,
                type -> mayBePdf(type) ? maxBytes : htmlBytes);
        // with a crawl delay only one request runs at a time; a second URL in flight overlaps its wait with parsing
        int inFlight = site.throttle().delay().isZero() ? site.throttle().parallelism() : 2;
        if (config.renderJs()) {
            // rendering is the slow part: no more pages in flight than Chromium can take
            inFlight = Math.min(inFlight, Math.max(1, content.chromium().concurrency()));
        }
        try (ChromiumRenderer renderer = config.renderJs() ? renderer(denied) : null;
             Workers workers = new Workers(new PageTask(policy, plan, HtmlExtractor.forConfig(config),
                     new PageTask.Kinds(content.pdfEnabled() ? PdfExtractor.forConfig(config, content.maxPdfPages()) : null,
                             content.maxPdfBytes(), settings.maxResponseBytes(), renderer), request.knownPages()::get))) {
            return new CrawlRun(request, new CrawlRun.CrawlRules(scope, site.robots(), inFlight,
                    settings.bounds().maxLinksPerPage(), settings.bounds().maxFrontier()), frontier, workers,
                    sink, control, budget).run(site.seeds());
        }
    }

    /** Chromium for one render_js crawl, behind its own guarded proxy; stopped when the crawl ends. */
    private ChromiumRenderer renderer(DeniedHosts denied) {
        content.chromium().unavailable().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        try {
            return new ChromiumRenderer(content.chromium(), renderSlots, settings.addresses(), denied,
                    settings.connectTimeout(), settings.maxResponseBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the rendering proxy", e);
        }
    }

    /** The delay between two requests: the source's delay, raised to robots.txt's Crawl-delay. */
    public static Duration effectiveDelay(double configSeconds, RobotsRules robots) {
        return SiteDiscovery.effectiveDelay(configSeconds, robots);
    }

    /**
     * Runs robots.txt and sitemap discovery on a virtual thread while this thread keeps watching for a cancel and
     * the crawl's deadline, and keeps progress flowing; null when the crawl was cancelled or reached its deadline
     * meanwhile.
     */
    private static <T> T awaitOrCancel(Discovery<T> job, CrawlControl control, CrawlBudget budget, OutcomeSink sink)
            throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("kh-crawl-discovery").start(() -> {
            try {
                result.complete(job.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        Future<T> future = result;
        try {
            while (!control.isCancelled() && !budget.pastDeadline()) {
                try {
                    return future.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    sink.progressIfDue(() -> sink.stats(0, false, false));
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            return null;
        } finally {
            // cancelled, interrupted or failed: the discovery has no one left to report to
            worker.interrupt();
        }
    }

    @FunctionalInterface
    private interface Discovery<T> {
        T run() throws InterruptedException;
    }

    private static Function<String, FetchPlan.Validators> validators(CrawlRequest request) {
        if (!request.incremental()) {
            return url -> null;
        }
        return url -> {
            KnownPage known = request.knownPages().get(url);
            return known == null || (known.etag() == null && known.lastModified() == null) ? null
                    : new FetchPlan.Validators(known.etag(), known.lastModified());
        };
    }

    /** Whether a body of this Content-Type may be a PDF: one that says so, or a generic or missing type. */
    static boolean mayBePdf(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT).strip();
        return t.isEmpty() || t.startsWith("application/pdf") || t.startsWith("application/x-pdf")
                || t.startsWith("application/octet-stream") || t.startsWith("binary/octet-stream");
    }
}
