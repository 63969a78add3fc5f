package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.extract.TextSimilarity;

import java.util.Optional;

/**
 * Decides NEW / UPDATED / UNCHANGED for a fetched page from what earlier crawls stored.
 *
 * <ul>
 *   <li>unknown URL: NEW; known URL in a forced refresh: UPDATED;</li>
 *   <li>same content hash: UNCHANGED;</li>
 *   <li>different hash with fuzzy detection on ({@code min_change_threshold > 0}): the stored text is loaded and
 *       compared; a change below the threshold is UNCHANGED, otherwise UPDATED.</li>
 * </ul>
 * Runs on the coordinator thread, which is the only one that calls {@link CrawlRequest#storedText()}.
 */
final class ChangeDetector {

    private final CrawlRequest request;
    private final SourceConfig.IncrementalConfig incremental;

    ChangeDetector(CrawlRequest request) {
        this.request = request;
        this.incremental = request.config().incremental();
    }

    PageOutcome.Kind classify(String url, ExtractedPage page) {
        KnownPage known = request.knownPages().get(url);
        if (known == null) {
            return PageOutcome.Kind.NEW;
        }
        if (request.forceRefresh()) {
            return PageOutcome.Kind.UPDATED;
        }
        if (page.contentHash().equals(known.contentHash())) {
            return PageOutcome.Kind.UNCHANGED;
        }
        if (incremental.fuzzy()) {
            Optional<String> before = request.storedText().apply(url);
            if (before.isPresent()
                    && TextSimilarity.changedShare(before.get(), page.text()) < incremental.minChangeThreshold()) {
                return PageOutcome.Kind.UNCHANGED;
            }
        }
        return PageOutcome.Kind.UPDATED;
    }
}
