package io.knowledgehub.crawler.engine;

import java.util.List;

/**
 * What an earlier crawl stored about one page: enough to send a conditional GET and, when the page is
 * unchanged, to follow its links without downloading it again.
 */
public record KnownPage(String url, String contentHash, String etag, String lastModified, List<String> outlinks) {

    public KnownPage {
        outlinks = outlinks == null ? List.of() : List.copyOf(outlinks);
    }
}
