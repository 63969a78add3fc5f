package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.job.JobFailedException;

/**
 * A crawl that cannot give the source anything: the site is unreachable, forbids crawling, or asks for more than
 * the crawler accepts. The message is a sentence for the user (it becomes the job's {@code error_message}): what
 * happened and what to do about it.
 */
public class CrawlFailedException extends JobFailedException {

    public CrawlFailedException(String message) {
        super(message);
    }
}
