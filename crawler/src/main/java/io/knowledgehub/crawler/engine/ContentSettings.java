package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.render.ChromiumSettings;

/**
 * Which document kinds beyond HTML a crawl reads, and how ({@code kh.crawler.pdf-enabled},
 * {@code kh.crawler.max-pdf-bytes}, {@code kh.crawler.max-pdf-pages}, {@code kh.crawler.chromium-path} ...).
 *
 * @param pdfEnabled  PDF documents ({@code application/pdf}) are fetched and indexed
 * @param maxPdfBytes a larger PDF is skipped as "too large" (HTML pages keep {@code max-response-bytes})
 * @param maxPdfPages pages read from one PDF; the rest of a longer one is left out
 * @param chromium    how pages of {@code render_js} sources are rendered
 */
public record ContentSettings(boolean pdfEnabled, long maxPdfBytes, int maxPdfPages, ChromiumSettings chromium) {

    public static ContentSettings defaults() {
        return new ContentSettings(true, 50L * 1024 * 1024, 500, ChromiumSettings.defaults());
    }
}
