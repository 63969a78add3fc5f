package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.document.ContentKind;
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

    /**
     * @param pdf      the PDF extractor, or null when PDFs are not read
     * @param renderer Chromium for a render_js source, else null
     */
    record Kinds(PdfExtractor pdf, long maxPdfBytes, long maxHtmlBytes, ChromiumRenderer renderer) {
        static Kinds htmlOnly(long maxHtmlBytes) {
            return new Kinds(null, 0, maxHtmlBytes, null);
        }
    }

    PageTask(FetchPolicy policy, FetchPlan plan, HtmlExtractor extractor, Kinds kinds) {
        this.policy = policy;
        this.plan = plan;
        this.extractor = extractor;
        this.kinds = kinds;
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
        return switch (outcome) {
            case FetchOutcome.Fetched f -> withTwin(extract(url, depth, f));
            case FetchOutcome.NotModified n -> new TaskResult.NotModified(url, depth, n.url(),
                    n.response().header("etag").orElse(null), n.response().header("last-modified").orElse(null));
            case FetchOutcome.Failed f -> new TaskResult.Failed(url, depth, f.url(), f.status(), f.code(), f.reason());
            case FetchOutcome.Skipped s -> new TaskResult.Skipped(url, depth, s.code(), s.reason());
            case FetchOutcome.Redirected r -> new TaskResult.Redirected(url, depth, r.target());
            case FetchOutcome.Denied d -> new TaskResult.Denied(url, depth, d.refusedUrl(), d.reason());
        };
    }

    /**
     * An HTML page that declares a Markdown twin ({@code <link rel="alternate" type="text/markdown">}) in the crawl's
     * scope is read from the twin: the Markdown is what the site offers as the page's text. It is stored under the
     * HTML page's URL, with the links of both, and the twin's URL is claimed so that it is not stored a second time.
     * When the twin cannot be fetched or is not Markdown, the HTML page stands.
     */
    private TaskResult withTwin(TaskResult result) throws InterruptedException {
        if (!(result instanceof TaskResult.Page p) || p.page().markdownTwin() == null) {
            return result;
        }
        String twin = p.page().markdownTwin();
        if (twin.equals(p.finalUrl()) || !plan.followRedirect().test(twin)) {
            return result;
        }
        plan.claimRedirect().test(twin);
        if (!(policy.fetch(twin, plan) instanceof FetchOutcome.Fetched f)) {
            return result;
        }
        String type = f.response().contentType();
        if (ContentKind.detect(type, f.url()).orElse(null) != ContentKind.MARKDOWN) {
            return result;
        }
        try {
            ExtractedPage md = markdown.extract(f.response().body(), type, f.url());
            return new TaskResult.Page(p.url(), p.depth(), p.finalUrl(), p.page().fromTwin(md, p.page().canonicalUrl()),
                    p.etag(), p.lastModified(), false);
        } catch (RuntimeException e) {
            return result;
        }
    }

    /** Bytes looked at to tell a text from a binary file, as browsers sniff a text/plain body. */
    private static final int SNIFF_BYTES = 1024;

    /**
     * Whether a body said to be text is binary (an image, an archive, an executable behind a wrong Content-Type): a
     * NUL byte near its start, which no text in an 8-bit or UTF-8 encoding has. UTF-16 and UTF-32 text has them, so a
     * body with their byte-order mark or charset is text.
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
        for (int i = 0; i < Math.min(body.length, SNIFF_BYTES); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
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
            return new TaskResult.Page(url, depth, fetched.url(), page, response.header("etag").orElse(null),
                    response.header("last-modified").orElse(null), shell);
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
