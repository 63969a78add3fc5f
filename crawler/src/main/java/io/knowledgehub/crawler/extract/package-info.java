/**
 * From HTML or PDF bytes to an {@link io.knowledgehub.crawler.extract.ExtractedPage}: main-content extraction and
 * structured text ({@link io.knowledgehub.crawler.extract.HtmlExtractor}), PDF text with one section per PDF page
 * ({@link io.knowledgehub.crawler.extract.PdfExtractor}), the client-rendered shell test
 * ({@link io.knowledgehub.crawler.extract.ClientRenderedShell}), cleaning with a source's remove patterns
 * ({@link io.knowledgehub.crawler.extract.TextCleaner}), the content hash
 * ({@link io.knowledgehub.crawler.extract.ContentHasher}) and the change measure behind min_change_threshold
 * ({@link io.knowledgehub.crawler.extract.TextSimilarity}). Pure functions over values, tested on saved pages.
 */
package io.knowledgehub.crawler.extract;
