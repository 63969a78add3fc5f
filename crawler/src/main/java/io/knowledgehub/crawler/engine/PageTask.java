package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.crawler.extract.ClientRenderedShell;
import io.knowledgehub.crawler.extract.HtmlExtractor;
import io.knowledgehub.crawler.extract.PdfExtractor;
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
    }

    TaskResult run(Frontier.Entry entry) throws InterruptedException {
        String url = entry.url();
        int depth = entry.depth();
        FetchOutcome outcome = policy.fetch(url, plan);
        return switch (outcome) {
            case FetchOutcome.Fetched f -> extract(url, depth, f);
            case FetchOutcome.NotModified n -> new TaskResult.NotModified(url, depth, n.url(),
                    n.response().header("etag").orElse(null), n.response().header("last-modified").orElse(null));
            case FetchOutcome.Failed f -> new TaskResult.Failed(url, depth, f.url(), f.status(), f.reason());
            case FetchOutcome.Skipped s -> new TaskResult.Skipped(url, depth, s.reason());
            case FetchOutcome.Redirected r -> new TaskResult.Redirected(url, depth, r.target());
            case FetchOutcome.Denied d -> new TaskResult.Denied(url, depth, d.refusedUrl(), d.reason());
        };
    }

    /** Whether a Content-Type names a PDF document. */
    static boolean isPdf(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/pdf");
    }

    private TaskResult extract(String url, int depth, FetchOutcome.Fetched fetched) throws InterruptedException {
        FetchResponse response = fetched.response();
        boolean pdf = kinds.pdf() != null && isPdf(response.contentType());
        long max = pdf ? kinds.maxPdfBytes() : kinds.maxHtmlBytes();
        if (response.body().length > max) {
            // the fetch limit is the larger of the two
            return new TaskResult.Skipped(url, depth, "too large (over " + max + " bytes)");
        }
        try {
            ExtractedPage page;
            boolean shell = false;
            if (pdf) {
                page = kinds.pdf().extract(response.body(), fetched.url());
            } else if (kinds.renderer() != null) {
                page = extractor.extract(kinds.renderer().render(fetched.url()), fetched.url());
            } else {
                page = extractor.extract(response.body(), response.contentType(), fetched.url());
                shell = ClientRenderedShell.looksLikeShell(page, response.body(), fetched.url());
            }
            return new TaskResult.Page(url, depth, fetched.url(), page, response.header("etag").orElse(null),
                    response.header("last-modified").orElse(null), shell);
        } catch (UnreadableDocumentException e) {
            return new TaskResult.Skipped(url, depth, e.getMessage());
        } catch (IOException e) {
            return new TaskResult.Failed(url, depth, fetched.url(), 0, "could not render the page in Chromium: " + e.getMessage());
        } catch (RuntimeException e) {
            return new TaskResult.Failed(url, depth, fetched.url(), 0, "could not extract the page: " + e.getMessage());
        }
    }
}
