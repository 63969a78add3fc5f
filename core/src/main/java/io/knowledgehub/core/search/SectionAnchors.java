package io.knowledgehub.core.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which section of a chunk that joins several small sections a result links to ({@link IndexedChunk#anchorFor}).
 *
 * <p>Words are whole words as a snippet finds them: the text is split by {@link Snippets#wordSpans} (letters,
 * numbers, underscores), compared ignoring case, and a query word matches a text word as the snippet marks it (equal,
 * or an inflection by the prefix rule: "partitions" for "partition"). A text word also yields its identifier parts, as
 * the search index splits identifiers ({@code track_commit_timestamp} gives "commit", {@code maxPoolSize} gives
 * "pool"), so the section a query found through such a part is the one it links to. A query word ending in {@code *}
 * matches every word with that prefix. Function words ({@link QueryShape#FUNCTION_WORDS}: "or", "in", "a", "to") pick
 * no section. Pure.
 */
final class SectionAnchors {

    private SectionAnchors() {
    }

    /**
     * The anchor of the section whose heading holds the most of the words (at least one; the first on a tie); else of
     * the section whose text holds the most of them (at least one; the first on a tie), where the text before the
     * first section line is the chunk's own; else the chunk's own anchor. Sections without an anchor are passed over.
     *
     * @param anchor   the chunk's own anchor, or null
     * @param content  the chunk's content, with the sections' headings as {@code #} lines
     * @param sections the sections starting inside the chunk, in order
     * @param words    the query's words
     */
    static String pick(String anchor, String content, List<ChunkSection> sections, List<String> words) {
        if (sections.isEmpty()) {
            return anchor;
        }
        List<String> needles = needles(words);
        if (needles.isEmpty()) {
            return anchor;
        }
        String best = anchor;
        int bestCount = 0;
        for (ChunkSection s : sections) {
            if (s.anchor() == null) {
                continue;
            }
            int count = count(needles, s.heading());
            if (count > bestCount) {
                best = s.anchor();
                bestCount = count;
            }
        }
        if (bestCount > 0) {
            return best;
        }
        String[] texts = texts(content, sections);
        bestCount = count(needles, texts[0]);
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).anchor() == null || texts[i + 1] == null) {
                continue;
            }
            int count = count(needles, texts[i + 1]);
            if (count > bestCount) {
                best = sections.get(i).anchor();
                bestCount = count;
            }
        }
        return best;
    }

    /**
     * The text of each part of the content: {@code [0]} before the first section's heading line, {@code [i + 1]} from
     * section i's heading line (not included) to the next section's; null for a section whose heading line is not in
     * the content. Heading lines are {@code #} lines outside code fences whose text is the section's heading, found in
     * the sections' order.
     */
    static String[] texts(String content, List<ChunkSection> sections) {
        String[] out = new String[sections.size() + 1];
        int region = 0; // the part the current line belongs to: 0 before any section, i + 1 in section i
        int regionStart = 0;
        int next = 0; // the first section whose heading line is still to be found
        boolean fenced = false;
        int pos = 0;
        int length = content.length();
        while (pos < length && next < sections.size()) {
            int end = content.indexOf('\n', pos);
            int lineEnd = end < 0 ? length : end;
            String line = content.substring(pos, lineEnd).strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+", "").strip();
                for (int i = next; i < sections.size(); i++) {
                    if (sections.get(i).heading().strip().equals(heading)) {
                        out[region] = content.substring(regionStart, pos);
                        region = i + 1;
                        regionStart = Math.min(length, lineEnd + 1);
                        next = i + 1;
                        break;
                    }
                }
            }
            pos = lineEnd + 1;
        }
        out[region] = content.substring(Math.min(regionStart, length));
        return out;
    }

    /** The query words to look for, lower case, once each: function words left out, a prefix kept with its '*'. */
    static List<String> needles(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.endsWith("*")) {
                if (lower.length() > 1) {
                    out.add(lower);
                }
                continue;
            }
            int[] spans = Snippets.wordSpans(lower);
            for (int i = 0; i < spans.length; i += 2) {
                String token = lower.substring(spans[i], spans[i + 1]);
                if (!QueryShape.FUNCTION_WORDS.contains(token)) {
                    out.add(token);
                }
            }
        }
        return List.copyOf(out);
    }

    /** How many of the needles match a word of the text (or a part of one). */
    private static int count(List<String> needles, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Set<String> forms = forms(text);
        int count = 0;
        for (String needle : needles) {
            for (String form : forms) {
                if (matches(form, needle)) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    /** The text's words, lower case, each with its identifier parts. */
    static Set<String> forms(String text) {
        Set<String> out = new LinkedHashSet<>();
        int[] spans = Snippets.wordSpans(text);
        for (int i = 0; i < spans.length; i += 2) {
            String word = text.substring(spans[i], spans[i + 1]);
            out.add(word.toLowerCase(Locale.ROOT));
            for (String part : parts(word)) {
                out.add(part.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * An identifier's parts, split at underscores and case changes as the search index's word delimiter splits them
     * ({@code maxPoolSize}: max, Pool, Size; {@code XMLParser}: XML, Parser; {@code _id}: id; {@code v2Thing}: v2,
     * Thing). {@link Snippets} marks an identifier by the same parts.
     */
    static List<String> parts(String word) {
        List<String> out = new ArrayList<>();
        int n = word.length();
        int start = 0;
        for (int i = 1; i <= n; i++) {
            boolean cut;
            int skip = 0;
            if (i == n) {
                cut = true;
            } else if (word.charAt(i) == '_') {
                cut = true;
                skip = 1;
            } else {
                char prev = word.charAt(i - 1);
                char c = word.charAt(i);
                cut = (Character.isLowerCase(prev) || Character.isDigit(prev)) && Character.isUpperCase(c)
                        || Character.isUpperCase(prev) && Character.isUpperCase(c)
                        && i + 1 < n && Character.isLowerCase(word.charAt(i + 1));
            }
            if (cut) {
                String part = word.substring(start, i).replaceFirst("^_+", "");
                if (!part.isEmpty()) {
                    out.add(part);
                }
                start = i + skip;
            }
        }
        return out;
    }

    /**
     * Whether a text word matches a query word, the rule by which {@link Snippets} marks words too (equal; an inflection:
     * the query word of at least 4 letters starts the text word, which has at most 3 more, or the text word of a query
     * word of at least 5 letters with at most 2 fewer; a trailing '*' matches every word with that prefix).
     */
    static boolean matches(String token, String needle) {
        if (needle.endsWith("*")) {
            return token.startsWith(needle.substring(0, needle.length() - 1));
        }
        if (token.equals(needle)) {
            return true;
        }
        // plurals and other inflections: "partitions" for "partition", "pruning" for "prune" is left out on purpose
        return needle.length() >= 4 && token.startsWith(needle) && token.length() - needle.length() <= 3
                || needle.length() >= 5 && needle.startsWith(token) && needle.length() - token.length() <= 2;
    }
}
