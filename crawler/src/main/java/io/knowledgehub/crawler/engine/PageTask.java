package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.crawler.extract.HtmlExtractor;
import io.knowledgehub.crawler.extract.MarkdownExtractor;
import io.knowledgehub.crawler.extract.PlainTextExtractor;
import io.knowledgehub.crawler.fetch.FetchOutcome;
import io.knowledgehub.crawler.fetch.FetchPlan;
import io.knowledgehub.crawler.fetch.FetchPolicy;

/**
 * The worker side of one URL: fetch it under the crawl's policy, then extract it. Runs on a worker thread and
 * touches no crawl state, so any number run at once.
 */
final class PageTask {

    private final FetchPolicy policy;
    private final FetchPlan plan;
    private final HtmlExtractor extractor;
    private final MarkdownExtractor markdown;
    private final PlainTextExtractor plainText;

    PageTask(FetchPolicy policy, FetchPlan plan, HtmlExtractor extractor) {
        this.policy = policy;
        this.plan = plan;
        this.extractor = extractor;
        this.markdown = new MarkdownExtractor(extractor.cleaner(), extractor.hasher());
        this.plainText = new PlainTextExtractor(extractor.cleaner(), extractor.hasher());
    }

    /** Whether pages of this kind are extracted (others are skipped before their body is read). */
    static boolean extracts(ContentKind kind) {
        return kind != ContentKind.PDF;
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

    private TaskResult extract(String url, int depth, FetchOutcome.Fetched fetched) {
        FetchResponse response = fetched.response();
        String type = response.contentType();
        ContentKind kind = ContentKind.detect(type, fetched.url()).filter(PageTask::extracts).orElse(null);
        if (kind == null) {
            return new TaskResult.Skipped(url, depth, "not a kind of document that is indexed (" + type + ")");
        }
        try {
            ExtractedPage page = switch (kind) {
                case MARKDOWN -> markdown.extract(response.body(), type, fetched.url());
                case TEXT -> plainText.extract(response.body(), type, fetched.url());
                default -> extractor.extract(response.body(), type, fetched.url());
            };
            return new TaskResult.Page(url, depth, fetched.url(), page, response.header("etag").orElse(null),
                    response.header("last-modified").orElse(null));
        } catch (RuntimeException e) {
            return new TaskResult.Failed(url, depth, fetched.url(), 0, "could not extract the page: " + e.getMessage());
        }
    }
}
