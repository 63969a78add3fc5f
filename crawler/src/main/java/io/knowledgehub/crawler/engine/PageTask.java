package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.extract.ClientRenderedShell;
import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.crawler.extract.HtmlExtractor;
import io.knowledgehub.crawler.extract.MarkdownExtractor;
import io.knowledgehub.crawler.extract.PdfExtractor;
import io.knowledgehub.crawler.extract.PlainTextExtractor;
import io.knowledgehub.crawler.extract.UnreadableDocumentException;
import io.knowledgehub.crawler.fetch.FetchOutcome;
import io.knowledgehub.crawler.fetch.FetchPlan;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.render.ChromiumRenderer;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The worker side of one URL: fetch it under the crawl's policy, then extract it by its content type (PDF, else
 * HTML; HTML rendered in Chromium first for {@code render_js} sources). Runs on a worker thread and touches no
 * crawl state, so any number run at once.
 */
final class PageTask {

    private final FetchPolicy policy;
    private final FetchPlan plan;
    private final HtmlExtractor extractor;
    private final Kinds kinds;
    private final MarkdownExtractor markdown;
    private final PlainTextExtractor plainText;
    /** What earlier crawls stored, by URL (null for an unknown URL). */
    private final Function<String, KnownPage> knownPages;
    /** The crawl's plan without validators: for a page fetched again in full, and for Markdown twins. */
    private final FetchPlan unconditional;

    /**
     * @param pdf      the PDF extractor, or null when PDFs are not read
     * @param renderer Chromium for a render_js source, else null
     */
    record Kinds(PdfExtractor pdf, long maxPdfBytes, long maxHtmlBytes, ChromiumRenderer renderer) {
        static Kinds htmlOnly(long maxHtmlBytes) {
            return new Kinds(null, 0, maxHtmlBytes, null);
        }
    }

    /** @param knownPages the pages earlier crawls stored, by URL: a 304 page read from a Markdown twin asks it again */
    PageTask(FetchPolicy policy, FetchPlan plan, HtmlExtractor extractor, Kinds kinds,
             Function<String, KnownPage> knownPages) {
        this.policy = policy;
        this.plan = plan;
        this.extractor = extractor;
        this.kinds = kinds;
        this.knownPages = knownPages;
        this.unconditional = withValidators(url -> null);
        this.markdown = new MarkdownExtractor(extractor.cleaner(), extractor.hasher());
        this.plainText = new PlainTextExtractor(extractor.cleaner(), extractor.hasher());
    }

    /** Whether pages of this kind are extracted (others are skipped before their body is read). */
    boolean extracts(ContentKind kind) {
        return extracts(kind, kinds.pdf() != null);
    }

    /** Whether pages of this kind are extracted when PDFs are, or are not, read. */
    static boolean extracts(ContentKind kind, boolean pdfEnabled) {
        return kind != ContentKind.PDF || pdfEnabled;
    }

    TaskResult run(Frontier.Entry entry) throws InterruptedException {
        String url = entry.url();
        int depth = entry.depth();
        FetchOutcome outcome = policy.fetch(url, plan);
        if (outcome instanceof FetchOutcome.NotModified n) {
            return notModified(url, depth, n);
        }
        return result(url, depth, outcome, null);
    }

    /** @param twin the page's Markdown twin as already asked for, or null */
    private TaskResult result(String url, int depth, FetchOutcome outcome, AskedTwin twin) throws InterruptedException {
        return switch (outcome) {
            case FetchOutcome.Fetched f -> withTwin(extract(url, depth, f), twin);
            case FetchOutcome.NotModified n -> new TaskResult.NotModified(url, depth, n.url(), etag(n.response()),
                    lastModified(n.response()), null);
            case FetchOutcome.Failed f -> new TaskResult.Failed(url, depth, f.url(), f.status(), f.code(), f.reason());
            case FetchOutcome.Skipped s -> new TaskResult.Skipped(url, depth, s.code(), s.reason());
            case FetchOutcome.Redirected r -> new TaskResult.Redirected(url, depth, r.target());
            case FetchOutcome.Denied d -> new TaskResult.Denied(url, depth, d.refusedUrl(), d.reason());
        };
    }

    /** A Markdown twin asked for before its HTML page was read: the URL asked and the answer. */
    private record AskedTwin(String url, FetchOutcome outcome) {
    }

    /**
     * A page that answered 304. When its stored text was read from a Markdown twin, the HTML's 304 says nothing
     * about that text: the twin is asked too (a conditional GET with its stored validators, else a plain GET whose
     * text is compared by content hash). The page is unchanged when the twin is; when the twin changed, is gone
     * (404, 410), is no longer Markdown or no longer in the crawl, the HTML page is fetched again in full and read as
     * in a first crawl (from the twin's new answer, or from its own HTML). When the twin cannot be asked this time (a
     * timeout, a 5xx), the stored text stands.
     */
    private TaskResult notModified(String url, int depth, FetchOutcome.NotModified n) throws InterruptedException {
        KnownPage known = knownPages.apply(n.url());
        MarkdownTwin twin = known == null ? null : known.twin();
        String etag = etag(n.response());
        String lastModified = lastModified(n.response());
        if (twin == null) {
            return new TaskResult.NotModified(url, depth, n.url(), etag, lastModified, null);
        }
        if (twin.url().equals(n.url()) || !plan.followRedirect().test(twin.url())) {
            // the twin left the crawl's scope (or robots.txt disallows it now): the page is its HTML again
            return readAgain(url, depth, n.url(), null);
        }
        plan.claimRedirect().test(twin.url());
        FetchPlan conditional = twin.hasValidators()
                ? withValidators(u -> u.equals(twin.url()) ? new FetchPlan.Validators(twin.etag(), twin.lastModified()) : null)
                : unconditional;
        FetchOutcome answer = policy.fetch(twin.url(), conditional);
        AskedTwin asked = new AskedTwin(twin.url(), answer);
        return switch (answer) {
            case FetchOutcome.NotModified t -> new TaskResult.NotModified(url, depth, n.url(), etag, lastModified,
                    new MarkdownTwin(twin.url(), orElse(etag(t.response()), twin.etag()),
                            orElse(lastModified(t.response()), twin.lastModified())));
            case FetchOutcome.Fetched f -> {
                ExtractedPage md = readTwin(f);
                if (md != null && md.contentHash().equals(known.contentHash())) {
                    yield new TaskResult.NotModified(url, depth, n.url(), etag, lastModified, twinOf(twin.url(), f));
                }
                yield readAgain(url, depth, n.url(), asked);
            }
            case FetchOutcome.Failed f when f.status() == 404 || f.status() == 410 -> readAgain(url, depth, n.url(), asked);
            case FetchOutcome.Skipped s -> readAgain(url, depth, n.url(), asked);
            // a transient failure, a refused address, a redirect to a URL another task has: the stored text stands
            default -> new TaskResult.NotModified(url, depth, n.url(), etag, lastModified, twin);
        };
    }

    /**
     * The page that answered 304 fetched again without validators (its HTML is needed: its links, its twin link) and
     * read as in a first crawl, from {@code twin}'s answer when it still declares that twin.
     */
    private TaskResult readAgain(String url, int depth, String pageUrl, AskedTwin twin) throws InterruptedException {
        return result(url, depth, policy.fetch(pageUrl, unconditional), twin);
    }

    /**
     * An HTML page that declares a Markdown twin ({@code <link rel="alternate" type="text/markdown">}) in the crawl's
     * scope is read from the twin: the Markdown is what the site offers as the page's text. It is stored under the
     * HTML page's URL, with the links of both, and the twin's URL is claimed so that it is not stored a second time.
     * When the twin cannot be fetched, is not Markdown or has no text, the HTML page stands. The twin is fetched in full (its text
     * is needed whatever changed), once: {@code asked} is its answer when it was asked already.
     */
    private TaskResult withTwin(TaskResult result, AskedTwin asked) throws InterruptedException {
        if (!(result instanceof TaskResult.Page p) || p.page().markdownTwin() == null) {
            return result;
        }
        String twin = p.page().markdownTwin();
        if (twin.equals(p.finalUrl()) || !plan.followRedirect().test(twin)) {
            return result;
        }
        FetchOutcome outcome;
        if (asked != null && asked.url().equals(twin)) {
            outcome = asked.outcome();
        } else {
            plan.claimRedirect().test(twin);
            outcome = policy.fetch(twin, unconditional);
        }
        if (!(outcome instanceof FetchOutcome.Fetched f)) {
            return result;
        }
        ExtractedPage md = readTwin(f);
        if (md == null) {
            return result;
        }
        return new TaskResult.Page(p.url(), p.depth(), p.finalUrl(), p.page().fromTwin(md, p.page().canonicalUrl()),
                p.etag(), p.lastModified(), false, twinOf(twin, f));
    }

    /** The twin's answer read as Markdown; null when it is not Markdown, has no text (the HTML's stands) or cannot be read. */
    private ExtractedPage readTwin(FetchOutcome.Fetched f) {
        String type = f.response().contentType();
        if (ContentKind.detect(type, f.url()).orElse(null) != ContentKind.MARKDOWN) {
            return null;
        }
        try {
            ExtractedPage md = markdown.extract(f.response().body(), type, f.url());
            return md.text().isBlank() ? null : md;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The twin to remember for the page: its validators when the answer came from the twin URL itself (a redirected
     * twin is asked without them, as they belong to another URL); null when the URL is too long to be stored.
     */
    private static MarkdownTwin twinOf(String twin, FetchOutcome.Fetched f) {
        if (twin.length() > Document.MAX_URL_LENGTH) {
            return null;
        }
        boolean own = f.url().equals(twin);
        return new MarkdownTwin(twin, own ? etag(f.response()) : null, own ? lastModified(f.response()) : null);
    }

    private FetchPlan withValidators(Function<String, FetchPlan.Validators> validators) {
        return new FetchPlan(plan.acceptType(), plan.followRedirect(), plan.claimRedirect(), validators, plan.maxBytes());
    }

    private static String etag(FetchResponse response) {
        return response.header("etag").orElse(null);
    }

    private static String lastModified(FetchResponse response) {
        return response.header("last-modified").orElse(null);
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    /** Bytes looked at to tell a text from a binary file, as browsers sniff a text/plain body. */
    private static final int SNIFF_BYTES = 1024;

    /** A body said to be text whose first bytes hold more control characters than this share is binary. */
    private static final double CONTROL_SHARE = 0.05;

    /**
     * Whether a body said to be text is binary (an image, an archive, an executable behind a wrong Content-Type): a
     * NUL byte near its start, which no text in an 8-bit or UTF-8 encoding has, or more than one control character in
     * twenty there (other than tab, line feed, form feed and carriage return: text has next to none, random bytes about
     * one in nine). UTF-16 and UTF-32 text has NULs, so a body with their byte-order mark or charset is text.
     */
    static boolean looksBinary(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("utf-16") || type.contains("utf-32")) {
            return false;
        }
        if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return false;
        }
        int sniffed = Math.min(body.length, SNIFF_BYTES);
        int controls = 0;
        for (int i = 0; i < sniffed; i++) {
            int b = body[i] & 0xFF;
            if (b == 0) {
                return true;
            }
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
                controls++;
            }
        }
        return sniffed > 0 && controls > sniffed * CONTROL_SHARE;
    }

    private TaskResult extract(String url, int depth, FetchOutcome.Fetched fetched) throws InterruptedException {
        FetchResponse response = fetched.response();
        String type = response.contentType();
        ContentKind kind = ContentKind.detect(type, fetched.url()).filter(this::extracts).orElse(null);
        if (kind == null) {
            return new TaskResult.Skipped(url, depth, UrlReason.UNSUPPORTED_CONTENT_TYPE,
                    "not a kind of document that is indexed (" + type + ")");
        }
        if (kind != ContentKind.PDF && looksBinary(response.body(), type)) {
            return new TaskResult.Skipped(url, depth, UrlReason.UNSUPPORTED_CONTENT_TYPE,
                    "not a kind of document that is indexed (binary content served as " + type + ")");
        }
        long max = kind == ContentKind.PDF ? kinds.maxPdfBytes() : kinds.maxHtmlBytes();
        if (response.body().length > max) {
            // the fetch limit is the larger of the two
            return new TaskResult.Skipped(url, depth, UrlReason.TOO_LARGE, "too large (over " + max + " bytes)");
        }
        try {
            ExtractedPage page;
            boolean shell = false;
            switch (kind) {
                case PDF -> page = kinds.pdf().extract(response.body(), fetched.url());
                case MARKDOWN -> page = markdown.extract(response.body(), type, fetched.url());
                case TEXT -> page = plainText.extract(response.body(), type, fetched.url());
                case HTML -> {
                    if (kinds.renderer() != null) {
                        page = extractor.extract(kinds.renderer().render(fetched.url()), fetched.url());
                    } else {
                        page = extractor.extract(response.body(), type, fetched.url());
                        shell = ClientRenderedShell.looksLikeShell(page, response.body(), fetched.url());
                    }
                }
                default -> throw new IllegalStateException("unhandled kind " + kind);
            }
            if (kind != ContentKind.HTML && page.text().isBlank() && page.links().isEmpty()) {
                // a PDF without a text layer, an empty Markdown or text file: nothing to search, nothing to follow
                return new TaskResult.Skipped(url, depth, UrlReason.NO_TEXT, kind == ContentKind.PDF
                        ? "a PDF without text (scanned pages? there is no OCR)" : "an empty file");
            }
            return new TaskResult.Page(url, depth, fetched.url(), page, etag(response), lastModified(response), shell);
        } catch (UnreadableDocumentException e) {
            return new TaskResult.Skipped(url, depth, UrlReason.UNREADABLE, e.getMessage());
        } catch (IOException e) {
            return new TaskResult.Failed(url, depth, fetched.url(), 0, UrlReason.EXTRACTION_FAILED,
                    "could not render the page in Chromium: " + e.getMessage());
        } catch (RuntimeException e) {
            return new TaskResult.Failed(url, depth, fetched.url(), 0, UrlReason.EXTRACTION_FAILED,
                    "could not extract the page: " + e.getMessage());
        }
    }
}
