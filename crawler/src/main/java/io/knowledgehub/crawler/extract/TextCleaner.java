package io.knowledgehub.crawler.extract;

import com.google.re2j.Pattern;

import java.util.List;

/**
 * Removes a source's {@code content_cleaning.remove_patterns} (timestamps, session ids, rotating banners) from the
 * extracted text, so that noise does not change the content hash. The patterns are compiled once per crawl.
 *
 * <p>The patterns come from users and run on text from the web, so they run on RE2J, whose matching time is linear
 * in the text's length: no pattern, however written, can make a page take exponential time (as {@code (a+)+$} does
 * with {@link java.util.regex}). RE2 syntax has no backreferences or lookaround; the source config refuses those.
 */
public final class TextCleaner {

    private static final TextCleaner NONE = new TextCleaner(List.of());

    private final List<Pattern> patterns;

    private TextCleaner(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** @throws com.google.re2j.PatternSyntaxException for an invalid expression (the source config validates them) */
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
