package io.knowledgehub.crawler.extract;

import java.util.Locale;
import java.util.Set;

/**
 * Heading anchors as GitHub (and most Markdown sites: MkDocs' default aside, Docusaurus, VitePress) make them, so
 * that {@code page.md#anchor} links written for those sites land: lower case, everything but letters, digits,
 * spaces, hyphens and underscores dropped, spaces as hyphens; a repeated slug gets {@code -1}, {@code -2} ...
 */
final class GithubSlugs {

    private GithubSlugs() {
    }

    static String slug(String heading) {
        StringBuilder sb = new StringBuilder(heading.length());
        String lower = heading.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                sb.appendCodePoint(cp);
            } else if (cp == ' ') {
                sb.append('-');
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** The slug of {@code heading}, made unique among {@code taken} (which it is added to). */
    static String unique(String heading, Set<String> taken) {
        String base = slug(heading);
        String slug = base;
        for (int n = 1; !taken.add(slug); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }
}
