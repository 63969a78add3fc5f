package io.knowledgehub.crawler.extract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes a source's {@code content_cleaning.remove_patterns} (timestamps, session ids, rotating banners) from the
 * extracted text, so that noise does not change the content hash. The patterns are compiled once per crawl.
 */
public final class TextCleaner {

    private static final TextCleaner NONE = new TextCleaner(List.of());

    private final List<Pattern> patterns;

    private TextCleaner(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** @throws java.util.regex.PatternSyntaxException for an invalid expression (the source config validates them) */
    public static TextCleaner of(List<String> removePatterns) {
        return removePatterns.isEmpty() ? NONE : new TextCleaner(removePatterns.stream().map(Pattern::compile).toList());
    }

    public String clean(String text) {
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll("");
        }
        return out;
    }
}
