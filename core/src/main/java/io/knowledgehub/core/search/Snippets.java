package io.knowledgehub.core.search;

import io.knowledgehub.core.document.MarkdownEscaping;
import io.knowledgehub.core.search.query.SearchQuery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Picks the passage of a chunk that holds the most query words and marks them: HTML-escaped text with the
 * matched words in {@code <mark>…</mark>}; or, on request, the best blocks as Markdown ({@link #markdownSnippet}).
 * Pure; used for every search type.
 *
 * <p>Written here rather than taken from Lucene's highlighters ({@code lucene-highlighter}'s UnifiedHighlighter):
 * those mark the terms a Lucene {@code Query} matches in a field of a Lucene index, while snippets are made for
 * hits of every index, Weaviate's too, in {@code core}, which holds no Lucene type (the adapters do). Their rules are
 * not Lucene's either: a word matches its inflections by the prefix rule of {@code matches} ("partitions" for
 * "partition", not "pruning" for "prune") instead of an analyser's stems, Markdown heading marks and code fences are
 * left out of the passage, and the Markdown form picks whole blocks, which no highlighter does. The module is not in
 * the local Maven repository either (only its version is managed in the parent pom), so it could not be measured.
 */
public final class Snippets {

    /** Markdown heading marks and code fences: left out of a plain snippet. */
    private static final Pattern HEADING_MARK = Pattern.compile("(?m)^#+\\s*");
    private static final Pattern FENCE = Pattern.compile("```\\w*");

    private Snippets() {
    }

    /**
     * @param words     the words to mark (see {@link #needles}); a trailing '*' marks every word with that prefix
     * @param maxWords  passage length in words
     */
    public static String snippet(String text, List<String> words, int maxWords) {
        String flat = flatten(text);
        int[] spans = wordSpans(flat);
        int n = spans.length / 2;
        if (n == 0) {
            return "";
        }
        List<String> needles = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).filter(w -> !w.isBlank()).toList();
        boolean[] hit = new boolean[n];
        for (int i = 0; i < n; i++) {
            hit[i] = hit(flat.substring(spans[2 * i], spans[2 * i + 1]), needles);
        }
        int window = Math.min(maxWords, n);
        int best = 0;
        int bestCount = -1;
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += hit[i] ? 1 : 0;
            if (i >= window) {
                count -= hit[i - window] ? 1 : 0;
            }
            if (i >= window - 1 && count > bestCount) {
                bestCount = count;
                best = i - window + 1;
            }
        }
        // start a little before the first hit so the passage reads naturally
        int first = best;
        while (first < best + window - 1 && !hit[first]) {
            first++;
        }
        int start = Math.max(0, Math.min(first - 3, n - window));
        int end = Math.min(n, start + window);
        StringBuilder out = new StringBuilder();
        if (start > 0) {
            out.append("… ");
        }
        int pos = spans[2 * start];
        for (int i = start; i < end; i++) {
            out.append(escape(flat.substring(pos, spans[2 * i])));
            String token = flat.substring(spans[2 * i], spans[2 * i + 1]);
            out.append(hit[i] ? "<mark>" + escape(token) + "</mark>" : escape(token));
            pos = spans[2 * i + 1];
        }
        if (end < n) {
            out.append(" …");
        } else {
            out.append(escape(flat.substring(pos)));
        }
        return out.toString();
    }

    /**
     * A Markdown snippet: the blocks of the chunk (paragraphs, headings, fenced code, table rows as written) that
     * hold the most query words, in their order and as written, with no HTML: no {@code <mark>}, and text that looks
     * like HTML escaped outside code ({@link MarkdownEscaping}: {@code \<script>}, {@code \&amp;}). It starts at the
     * block with the most matches (its heading line before it when it has one) and adds the blocks that follow while
     * they fit in {@code maxWords}; a first block longer than three times that is cut at a line end (a cut code block
     * keeps its closing fence) and ends in "…".
     */
    public static String markdownSnippet(String text, List<String> words, int maxWords) {
        List<String> blocks = blocks(text);
        if (blocks.isEmpty()) {
            return "";
        }
        List<String> needles = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).filter(w -> !w.isBlank()).toList();
        int best = 0;
        int bestHits = -1;
        for (int i = 0; i < blocks.size(); i++) {
            int hits = 0;
            String block = blocks.get(i);
            int[] spans = wordSpans(block);
            for (int w = 0; w < spans.length; w += 2) {
                hits += hit(block.substring(spans[w], spans[w + 1]), needles) ? 1 : 0;
            }
            if (hits > bestHits) {
                best = i;
                bestHits = hits;
            }
        }
        int start = best > 0 && blocks.get(best - 1).startsWith("#") ? best - 1 : best;
        List<String> out = new ArrayList<>();
        int used = 0;
        for (int i = start; i < blocks.size(); i++) {
            int n = wordCount(blocks.get(i));
            if (!out.isEmpty() && used + n > maxWords && i > best) {
                break;
            }
            out.add(i == best && n > 3 * maxWords ? cut(blocks.get(i), 3 * maxWords) : blocks.get(i));
            used += n;
        }
        return MarkdownEscaping.escape(String.join("\n\n", out));
    }

    /** Blank-line separated blocks; a fenced code block is one block with its blank lines. */
    private static List<String> blocks(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        boolean fence = false;
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fence = !fence;
            }
            if (!fence && line.isBlank()) {
                if (!block.isEmpty()) {
                    out.add(block.toString().strip());
                    block.setLength(0);
                }
                continue;
            }
            if (!block.isEmpty()) {
                block.append('\n');
            }
            block.append(line);
        }
        if (!block.toString().isBlank()) {
            out.add(block.toString().strip());
        }
        return out;
    }

    private static int wordCount(String s) {
        return wordSpans(s).length / 2;
    }

    /**
     * Where the words of {@code s} are, as {@code [start0, end0, start1, end1, …]}: the runs of letters, numbers
     * and underscores, the spans {@code [\p{L}\p{N}_]+} finds, by code point. A loop rather than that pattern: it
     * runs over the ten results of every search, and the matcher cost several times as much.
     */
    public static int[] wordSpans(String s) {
        int[] out = new int[16];
        int n = 0;
        int start = -1;
        int i = 0;
        int length = s.length();
        while (i < length) {
            char c = s.charAt(i);
            int cp;
            int width;
            boolean word;
            if (c < 0x80) {
                cp = c;
                width = 1;
                word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            } else {
                cp = s.codePointAt(i);
                width = Character.charCount(cp);
                word = isWordCodePoint(cp);
            }
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                if (n + 2 > out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = start;
                out[n++] = i;
                start = -1;
            }
            i += width;
        }
        if (start >= 0) {
            if (n + 2 > out.length) {
                out = Arrays.copyOf(out, out.length + 2);
            }
            out[n++] = start;
            out[n++] = length;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** {@code \p{L}}, {@code \p{N}} or {@code _}: what {@link #wordSpans} joins into words. */
    private static boolean isWordCodePoint(int cp) {
        if (cp == '_') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    private static String cut(String block, int maxWords) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (String line : block.split("\n")) {
            int n = wordCount(line);
            if (used + n > maxWords && !out.isEmpty()) {
                break;
            }
            out.append(line).append('\n');
            used += n;
        }
        String head = out.toString().stripTrailing();
        boolean openFence = block.startsWith("```") && head.lines().filter(l -> l.strip().startsWith("```")).count() % 2 == 1;
        return head + (openFence ? "\n…\n```" : " …");
    }

    /**
     * The words to mark for a query, split the way the snippet splits text ({@code pg_dump} stays whole,
     * {@code React.memo} is two); a prefix clause gives its word with a trailing {@code *}.
     */
    public static List<String> needles(SearchQuery query) {
        List<String> out = new ArrayList<>();
        query.clauses().stream().filter(c -> c.occur() != SearchQuery.Occur.MUST_NOT)
                .forEach(c -> {
                    if (c.prefix()) {
                        out.add(c.text() + "*");
                        return;
                    }
                    String text = c.text();
                    int[] spans = wordSpans(text);
                    for (int w = 0; w < spans.length; w += 2) {
                        out.add(text.substring(spans[w], spans[w + 1]));
                    }
                });
        return out;
    }

    /**
     * Whether a text word (as written) is one to mark: matched whole by a query word ({@link #matches}), or an
     * identifier with a run of parts that is the query word, as the index matches identifiers in parts:
     * {@code widget_check_status} for {@code check_status} or {@code status}, {@code useWidgetState} for
     * {@code WidgetState}.
     */
    private static boolean hit(String word, List<String> needles) {
        String token = word.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (matches(token, needle)) {
                return true;
            }
        }
        if (!compound(word)) {
            return false;
        }
        List<String> parts = SectionAnchors.parts(word).stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        for (String needle : needles) {
            if (needle.endsWith("*")) {
                continue;
            }
            String joined = needle.replace("_", "");
            for (int from = 0; from < parts.size(); from++) {
                int length = 0;
                for (int to = from; to < parts.size() && length < joined.length(); to++) {
                    length += parts.get(to).length();
                    if (length == joined.length() && joined.equals(String.join("", parts.subList(from, to + 1)))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the word has an underscore or a capital after its first letter (most words have neither). */
    private static boolean compound(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '_' || i > 0 && Character.isUpperCase(c)) {
                return true;
            }
        }
        return false;
    }

    /** A text word matched by a query word: the rule section anchors use too ({@link SectionAnchors#matches}). */
    private static boolean matches(String token, String needle) {
        return SectionAnchors.matches(token, needle);
    }

    /**
     * The text on one line: without Markdown heading marks and code fences, runs of white space as one space, trimmed.
     * Runs for the ten results of every search, so the patterns only run where their first character occurs.
     */
    static String flatten(String text) {
        String t = text.indexOf('#') < 0 ? text : HEADING_MARK.matcher(text).replaceAll("");
        t = !t.contains("```") ? t : FENCE.matcher(t).replaceAll("");
        StringBuilder out = new StringBuilder(t.length());
        boolean space = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            // \s of java.util.regex: space, tab, line feed, vertical tab, form feed, carriage return
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                space = true;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString().trim();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
