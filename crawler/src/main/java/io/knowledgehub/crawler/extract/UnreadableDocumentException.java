package io.knowledgehub.crawler.extract;

/**
 * A fetched document that cannot be turned into text (an encrypted or broken PDF): the crawl skips it with
 * {@link #getMessage()} as the reason, a short sentence such as "encrypted PDF (needs a password)".
 */
public final class UnreadableDocumentException extends RuntimeException {

    public UnreadableDocumentException(String reason) {
        super(reason, null, false, false);
    }
}
