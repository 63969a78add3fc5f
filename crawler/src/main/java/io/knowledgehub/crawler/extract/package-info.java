/**
 * From HTML bytes to an {@link io.knowledgehub.crawler.engine.ExtractedPage}: main-content extraction and
 * structured text ({@link io.knowledgehub.crawler.extract.HtmlExtractor}), cleaning with a source's remove patterns
 * ({@link io.knowledgehub.crawler.extract.TextCleaner}), the content hash
 * ({@link io.knowledgehub.crawler.extract.ContentHasher}) and the change measure behind min_change_threshold
 * ({@link io.knowledgehub.crawler.extract.TextSimilarity}). Pure functions over values, tested on saved pages.
 */
package io.knowledgehub.crawler.extract;
