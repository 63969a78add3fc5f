package io.knowledgehub.crawler.engine;

import java.util.List;

/**
 * What an earlier crawl stored about one page: enough to send a conditional GET and, when the page is
 * unchanged, to follow its links without downloading it again.
 *
 * @param twin the Markdown twin the stored text was read from, with its validators; null when the text is the
 *             page's own
 */
public record KnownPage(String url, String contentHash, String etag, String lastModified, List<String> outlinks,
                        MarkdownTwin twin) {

    public KnownPage {
        outlinks = outlinks == null ? List.of() : List.copyOf(outlinks);
    }

    /** A page whose stored text is its own. */
    public KnownPage(String url, String contentHash, String etag, String lastModified, List<String> outlinks) {
        this(url, contentHash, etag, lastModified, outlinks, null);
    }
}
