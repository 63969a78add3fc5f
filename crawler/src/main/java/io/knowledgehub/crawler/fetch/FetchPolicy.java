package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.FetchRequest;
import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.crawl.address.DeniedAddressException;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.scope.UrlNormalizer;
import io.knowledgehub.crawler.settings.CrawlerSettings;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The crawler's HTTP policy on top of the {@link PageFetcher} port, which does single GETs only: politeness
 * (every request goes through the {@link CrawlThrottle}), redirects followed by hand so each hop is checked,
 * retries of transient failures, Retry-After, and the size and content-type limits.
 *
 * <ul>
 *   <li>3xx with Location: followed up to {@code maxRedirects}; a redirect from a folder to its own index file
 *       (which the normaliser folds into the folder) is followed under that spelling; a target passed before in the
 *       same chain ends in "redirect loop"; a target the plan refuses ends in
 *       "redirected out of scope" (or in {@link FetchOutcome.Denied} when its host resolves to a refused address),
 *       one hop too many in "too many redirects";</li>
 *   <li>a host that resolves to an address the {@link io.knowledgehub.core.crawl.address.AddressGuard} refuses is
 *       {@link FetchOutcome.Denied}, never retried (the fetcher made no connection);</li>
 *   <li>429 and 503: wait for Retry-After (seconds or an HTTP date; without one 1 s, 2 s, 4 s ...) when it is at
 *       most {@code maxRetryAfter}, then retry, up to {@code maxRetries} times;</li>
 *   <li>transport errors and 500/502/504: retried up to {@code maxRetries} times after 200 ms, 400 ms ...;</li>
 *   <li>403 or 404 for a folder URL ({@code …/dir/}): asked once more as {@code …/dir/index.html}, for servers without
 *       a folder index;</li>
 *   <li>any other status is final: 304 is {@link FetchOutcome.NotModified}, 2xx is {@link FetchOutcome.Fetched}
 *       unless its type is refused or its body is over {@code maxBytes}, the rest is {@link FetchOutcome.Failed}.</li>
 * </ul>
 *
 * <p>The retries are part of this loop rather than a retry library's policy (Failsafe, as the embedding adapter
 * uses): a Retry-After wait is not a sleep of this thread but a {@link CrawlThrottle#pause} that holds back every
 * request to the host, the count starts again after each redirect and after the index-file retry, and what ends the
 * loop is an outcome that names the reason (too many retries, a wait over the limit). A policy around one call
 * would have to be rebuilt per hop and would still leave those cases here.
 */
public final class FetchPolicy {

    private static final Duration TRANSIENT_BACKOFF = Duration.ofMillis(200);
    private static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(1);

    private final PageFetcher fetcher;
    private final CrawlThrottle throttle;
    private final CrawlerSettings settings;
    private final DeniedHosts denied;
    private final DownloadCounter downloaded;

    public FetchPolicy(PageFetcher fetcher, CrawlThrottle throttle, CrawlerSettings settings) {
        this(fetcher, throttle, settings, new DeniedHosts());
    }

    /** @param denied where refused hosts are reported, shared by the fetch policies of one crawl */
    public FetchPolicy(PageFetcher fetcher, CrawlThrottle throttle, CrawlerSettings settings, DeniedHosts denied) {
        this(fetcher, throttle, settings, denied, new DownloadCounter());
    }

    /** @param downloaded where the bytes of every body are added, shared by the fetch policies of one crawl */
    public FetchPolicy(PageFetcher fetcher, CrawlThrottle throttle, CrawlerSettings settings, DeniedHosts denied,
                       DownloadCounter downloaded) {
        this.fetcher = fetcher;
        this.throttle = throttle;
        this.settings = settings;
        this.denied = denied;
        this.downloaded = downloaded;
    }

    public CrawlThrottle throttle() {
        return throttle;
    }

    /**
     * @param url a normalised absolute http(s) URL; every outcome is reported under it (or, after redirects, under
     *            the normalised URL they led to)
     */
    public FetchOutcome fetch(String url, FetchPlan plan) throws InterruptedException {
        // the URL as the crawl knows it, and the URL asked for: they differ only when a folder is requested under
        // its index file's name (folded into the folder by the normaliser), which some servers insist on
        String current = url;
        String requested = url;
        boolean triedIndexFile = false;
        Set<String> passed = new HashSet<>();
        passed.add(url);
        // the URLs as requested: a page redirecting to another spelling of itself is followed, to the same one is a loop
        Set<String> spellings = new HashSet<>();
        spellings.add(url);
        int redirects = 0;
        int retries = 0;
        while (true) {
            FetchResponse response;
            try {
                response = send(current, requested, plan);
            } catch (DeniedAddressException e) {
                denied.report(current, e);
                return new FetchOutcome.Denied(current, current, e);
            } catch (IOException e) {
                if (retries < settings.maxRetries()) {
                    Thread.sleep(TRANSIENT_BACKOFF.multipliedBy(1L << retries));
                    retries++;
                    continue;
                }
                return new FetchOutcome.Failed(current, 0, codeOf(e), describe(e));
            }
            int status = response.status();
            if (isRedirect(status)) {
                Optional<String> location = response.header("location");
                if (location.isEmpty() || location.get().isBlank()) {
                    return new FetchOutcome.Failed(current, status, UrlReason.BROKEN_REDIRECT,
                            "HTTP " + status + (location.isEmpty() ? " without a Location header" : " with an empty Location header"));
                }
                String target = UrlNormalizer.resolve(URI.create(requested), location.get());
                if (target != null && target.equals(current)) {
                    // a folder redirecting to its own index file (or back): the same page under the other spelling
                    String spelling = UrlNormalizer.resolveAsRequested(URI.create(requested), location.get());
                    if (!spellings.add(spelling)) {
                        return new FetchOutcome.Failed(current, status, UrlReason.REDIRECT_LOOP,
                                spelling.equals(requested) ? "redirect loop (" + requested + " redirects to itself)"
                                        : "redirect loop (" + requested + " redirects back to " + spelling + ")");
                    }
                    if (++redirects > settings.maxRedirects()) {
                        return new FetchOutcome.Failed(current, status, UrlReason.TOO_MANY_REDIRECTS,
                                "too many redirects (more than " + settings.maxRedirects() + ")");
                    }
                    requested = spelling;
                    retries = 0;
                    continue;
                }
                if (target != null && target.length() > Document.MAX_URL_LENGTH) {
                    return new FetchOutcome.Skipped(current, UrlReason.URL_TOO_LONG, "redirects to a URL longer than " + Document.MAX_URL_LENGTH
                            + " characters");
                }
                if (target == null || !plan.followRedirect().test(target)) {
                    // not followed either way; said as what it is when the target is a refused address
                    String refusedUrl = target != null ? target : rawTarget(requested, location.get());
                    Optional<DeniedAddressException> refused = refusedUrl == null ? Optional.empty()
                            : settings.addresses().denial(URI.create(refusedUrl));
                    if (refused.isPresent()) {
                        denied.report(refusedUrl, refused.get());
                        return new FetchOutcome.Denied(current, refusedUrl, refused.get());
                    }
                }
                if (target == null || !plan.followRedirect().test(target)) {
                    return new FetchOutcome.Skipped(current, UrlReason.REDIRECTED_OUT_OF_SCOPE, "redirected out of scope"
                            + (target == null ? "" : " (to " + target + ")"));
                }
                if (passed.contains(target)) {
                    return new FetchOutcome.Failed(current, status, UrlReason.REDIRECT_LOOP,
                            "redirect loop (" + current + " redirects back to " + target + ")");
                }
                if (++redirects > settings.maxRedirects()) {
                    return new FetchOutcome.Failed(current, status, UrlReason.TOO_MANY_REDIRECTS, "too many redirects (more than " + settings.maxRedirects() + ")");
                }
                passed.add(target);
                spellings.add(target);
                if (!plan.claimRedirect().test(target)) {
                    return new FetchOutcome.Redirected(current, target);
                }
                current = target;
                requested = target;
                triedIndexFile = false;
                retries = 0;
                continue;
            }
            if (status == 429 || status == 503) {
                Duration wait = RetryAfter.parse(response.header("retry-after").orElse(null), Instant.now())
                        .orElse(RATE_LIMIT_BACKOFF.multipliedBy(1L << Math.min(retries, 20)));
                if (retries >= settings.maxRetries()) {
                    return new FetchOutcome.Failed(current, status, UrlReason.HTTP_STATUS, "HTTP " + status + " (still after " + retries + " retries)");
                }
                if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                    return new FetchOutcome.Failed(current, status, UrlReason.HTTP_STATUS, "HTTP " + status + " (asked to retry after "
                            + wait.toSeconds() + " s, more than the " + settings.maxRetryAfter().toSeconds() + " s allowed)");
                }
                // the server is overloaded: hold back every request to it, not only this one
                throttle.pause(wait);
                retries++;
                continue;
            }
            if (status == 500 || status == 502 || status == 504) {
                if (retries < settings.maxRetries()) {
                    Thread.sleep(TRANSIENT_BACKOFF.multipliedBy(1L << retries));
                    retries++;
                    continue;
                }
                return FetchOutcome.Failed.http(current, status);
            }
            if ((status == 403 || status == 404) && !triedIndexFile && requested.equals(current)) {
                // a server without a folder index (a bare object store) answers only dir/index.html, which the
                // normaliser folded into dir/: ask once under that name before giving up on the folder
                String indexFile = UrlNormalizer.indexFileForm(current);
                triedIndexFile = true;
                if (indexFile != null && plan.followRedirect().test(indexFile)) {
                    requested = indexFile;
                    retries = 0;
                    continue;
                }
            }
            if (status == 304) {
                return new FetchOutcome.NotModified(current, response);
            }
            if (status >= 200 && status < 300) {
                String type = response.contentType();
                if (!accepts(plan, requested, type)) {
                    return new FetchOutcome.Skipped(current, UrlReason.UNSUPPORTED_CONTENT_TYPE, "not a kind of document that is indexed ("
                            + (type.isEmpty() ? "no content type" : type) + ")");
                }
                if (response.truncated()) {
                    return new FetchOutcome.Skipped(current, UrlReason.TOO_LARGE, "too large (over " + plan.limitFor(type) + " bytes)");
                }
                return new FetchOutcome.Fetched(current, response);
            }
            return FetchOutcome.Failed.http(current, status);
        }
    }

    /** @param url the URL as the crawl knows it (its validators); {@code requested} the URL asked for */
    private FetchResponse send(String url, String requested, FetchPlan plan) throws IOException, InterruptedException {
        FetchPlan.Validators v = plan.validators().apply(url);
        FetchRequest request = new FetchRequest(URI.create(requested), v == null ? null : v.etag(),
                v == null ? null : v.lastModified(), plan.maxBytes(), type -> accepts(plan, requested, type), plan::limitFor);
        throttle.acquire();
        FetchResponse response;
        try {
            response = fetcher.fetch(request);
        } finally {
            throttle.release();
        }
        downloaded.add(response.body().length);
        return response;
    }

    /**
     * The plan's type rule, where a generic type ({@code application/octet-stream}, which servers send for files they
     * do not know, such as {@code .md}) is judged as the type the URL's file extension names.
     */
    static boolean accepts(FetchPlan plan, String url, String type) {
        if (plan.acceptType().test(type)) {
            return true;
        }
        String essence = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!essence.equals("application/octet-stream") && !essence.equals("binary/octet-stream")) {
            return false;
        }
        return ContentKind.byExtension(url).map(k -> plan.acceptType().test(k.mimeType())).orElse(false);
    }

    /** A Location the normaliser cannot read (an IPv6 literal host, say), resolved as it is; null when unreadable. */
    private static String rawTarget(String current, String location) {
        try {
            URI target = URI.create(current).resolve(location.trim());
            return target.isAbsolute() ? target.toString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The kind of a transport failure: a timeout, or a connection that could not be made. */
    static UrlReason codeOf(IOException e) {
        return e instanceof InterruptedIOException ? UrlReason.TIMEOUT : UrlReason.CONNECTION_FAILED;
    }

    /** A transport failure as a user reads it: what went wrong first, the client's own words after. */
    static String describe(IOException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? null : e.getMessage();
        if (e instanceof UnknownHostException) {
            return "host name not found" + (message == null ? "" : " (" + message + ")");
        }
        if (e instanceof ConnectException) {
            return message != null && message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused" : "could not connect" + (message == null ? "" : ": " + message);
        }
        if (e instanceof InterruptedIOException) {
            return message == null ? "timed out" : "timed out: " + message;
        }
        if (e instanceof SSLException) {
            return "TLS failed" + (message == null ? "" : ": " + message);
        }
        return message == null ? "connection failed" : "connection failed: " + message;
    }
}
