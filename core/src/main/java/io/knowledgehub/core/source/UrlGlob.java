package io.knowledgehub.core.source;

import com.google.re2j.Pattern;

/**
 * A follow / exclude pattern of a source: a glob matched against the whole URL path plus, when the URL has
 * one, {@code ?} and its query string.
 *
 * <ul>
 *   <li>{@code *} matches any run of characters within one path segment (no {@code /});</li>
 *   <li>{@code **} matches any run of characters across segments; {@code **}{@code /} may also match nothing,
 *       so {@code **}{@code /docs/**} matches {@code /docs/intro} and {@code /en/docs/intro}, and a trailing
 *       {@code /**} also matches the folder itself ({@code /docs});</li>
 *   <li>{@code **}{@code /?} matches any path before a query, so {@code **}{@code /?page=*} matches
 *       {@code /guide/list.html?page=2} as well as {@code /guide/?page=2};</li>
 *   <li>every other character, {@code ?} included, matches itself;</li>
 *   <li>a pattern that does not start with {@code /} or {@code **} is anchored at the root ({@code docs/*} is
 *       {@code /docs/*}).</li>
 * </ul>
 */
public final class UrlGlob {

    private final String glob;
    private final Pattern regex;

    private UrlGlob(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException with a sentence naming the problem, for a blank glob, whitespace or {@code ***} */
    public static UrlGlob compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("a pattern must not be empty");
        }
        if (glob.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("pattern '" + glob + "' contains whitespace; URL paths have none (use %20)");
        }
        if (glob.contains("***")) {
            throw new IllegalArgumentException("pattern '" + glob + "' contains '***'; use '*' within a path segment or '**' across segments");
        }
        String g = glob.startsWith("/") || glob.startsWith("**") ? glob : "/" + glob;
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < g.length()) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                boolean slashBefore = i > 0 && g.charAt(i - 1) == '/';
                boolean atEnd = i + 2 == g.length();
                if (slashAfter && i + 3 < g.length() && g.charAt(i + 3) == '?') {
                    // "**/?page=*": any page's query, file names included (list.html?page=2), not only a folder's
                    re.append(".*");
                    i += 3;
                    continue;
                }
                if (slashAfter) {
                    re.append("(?:.*/)?");
                    i += 3;
                    continue;
                }
                if (atEnd && slashBefore) {
                    // "/docs/**": drop the slash already emitted and make "/..." optional
                    re.setLength(re.length() - 1);
                    re.append("(?:/.*)?");
                } else {
                    re.append(".*");
                }
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '/' || (c < 0x80 && Character.isLetterOrDigit(c))) {
                re.append(c);
                i++;
            } else {
                int cp = g.codePointAt(i);
                re.append(Pattern.quote(new String(Character.toChars(cp))));
                i += Character.charCount(cp);
            }
        }
        return new UrlGlob(glob, Pattern.compile(re.toString()));
    }

    /** @param pathAndQuery the URL path (starting with {@code /}) plus {@code ?query} when present */
    public boolean matches(String pathAndQuery) {
        return regex.matcher(pathAndQuery).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
