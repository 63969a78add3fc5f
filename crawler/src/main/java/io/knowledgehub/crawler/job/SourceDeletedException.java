package io.knowledgehub.crawler.job;

import java.util.UUID;

/** The source of a running crawl was deleted: the crawl has nothing left to store its pages under. */
public class SourceDeletedException extends RuntimeException {

    public SourceDeletedException(UUID sourceId) {
        super("The source " + sourceId + " was deleted while its crawl ran.");
    }
}
