package io.knowledgehub.core.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Turns raw retrieval scores into the 0..1 relevance users see, and fuses keyword and semantic evidence.
 *
 * <ul>
 *   <li><b>semantic</b>: the cosine similarity mapped linearly from [{@code semanticFloor}, {@code semanticCeiling}]
 *       to [0, 1] (clamped). The two constants are properties of the embedding model, chosen so that the spec's
 *       bands hold: 0.8+ for a passage that answers the query, below 0.4 for an unrelated one.</li>
 *   <li><b>keyword</b>: BM25 relative to the best candidate of the same query, times the share of the query's
 *       words the chunk contains: a chunk with every word and the best BM25 scores 1, one with half of the words
 *       at most 0.5.</li>
 *   <li><b>hybrid</b>: {@code semanticWeight × semantic + (1 − semanticWeight) × keyword}; a chunk only one
 *       retrieval found gets 0 from the other side for keyword and the lowest semantic candidate's cosine
 *       (an upper bound of its own) for semantic.</li>
 * </ul>
 * Everything is a pure function of the query and the index content, so the same query gets the same scores.
 */
public record ScoreModel(double semanticFloor, double semanticCeiling, double semanticWeight) {

    public double semantic(double cosine) {
        return clamp((cosine - semanticFloor) / (semanticCeiling - semanticFloor));
    }

    public double keyword(double bm25, double bestBm25, double coverage) {
        return bestBm25 <= 0 ? 0 : clamp(bm25 / bestBm25) * clamp(coverage);
    }

    public double hybrid(double semantic, double keyword) {
        return hybrid(semantic, keyword, semanticWeight);
    }

    /** The hybrid score with a semantic share chosen for the query (see {@link QueryShape#semanticWeight}). */
    public double hybrid(double semantic, double keyword, double semanticWeight) {
        return semanticWeight * semantic + (1 - semanticWeight) * keyword;
    }

    /** Share of the words that occur in the text (case-insensitive; a word matches inside a longer one, e.g. plurals). */
    public static double coverage(List<String> words, String text) {
        return coverage(words, List.of(text));
    }

    /**
     * Share of the words that occur in any of the texts (a chunk's title, headings and content), as
     * {@link #coverage(List, String)} on the texts joined by line breaks, without joining or lower-casing them: this
     * runs for every keyword candidate of every search (hundreds per query), so it compares characters in place.
     */
    public static double coverage(List<String> words, List<String> texts) {
        return coverage(new CoverageWords(words), texts);
    }

    /**
     * The words of {@link #coverage(CoverageWords, List)}, lower-cased once: a search scores hundreds of candidates
     * against the same words, and lower-casing them for each candidate was 2 % of a search's CPU. Each is also kept
     * as {@link #fold} makes it, to look for in a folded copy of the texts.
     */
    public static final class CoverageWords {
        private final List<String> lower;
        private final List<String> folded;
        private final boolean everyWordFolded;

        public CoverageWords(List<String> words) {
            this.lower = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
            List<String> f = new ArrayList<>(lower.size());
            for (String w : lower) {
                f.add(w.indexOf('\n') >= 0 ? null : fold(List.of(w)));
            }
            this.folded = Collections.unmodifiableList(f);
            this.everyWordFolded = !f.contains(null);
        }

        /** The words, lower case. */
        public List<String> lower() {
            return lower;
        }

        /**
         * Each word folded, in the same order; null for a word that must be compared in place (one with a character
         * outside the Basic Multilingual Plane, or a line break, which joins the texts in the folded copy).
         */
        public List<String> folded() {
            return folded;
        }

        /** Whether every word can be looked up in folded texts (none needs the texts themselves). */
        public boolean everyWordFolded() {
            return everyWordFolded;
        }
    }

    /** {@link #coverage(List, List)} with the words lower-cased beforehand. */
    public static double coverage(CoverageWords words, List<String> texts) {
        return coverage(words, texts, null);
    }

    /**
     * {@link #coverage(List, List)} with the words lower-cased beforehand, and where {@code folded} is not null, looked
     * up in it: the texts as {@link #fold} makes them, kept by the index with the chunk. One {@link String#contains}
     * per word then replaces looking for the word's first letter in both cases in each text, about a third of the
     * time on the evaluation's candidates.
     */
    public static double coverage(CoverageWords words, List<String> texts, String folded) {
        List<String> lower = words.lower();
        if (lower.isEmpty()) {
            return 1;
        }
        int found = 0;
        for (int w = 0; w < lower.size(); w++) {
            String foldedWord = words.folded().get(w);
            if (folded != null && foldedWord != null) {
                if (folded.contains(foldedWord)) {
                    found++;
                }
                continue;
            }
            for (String text : texts) {
                if (containsIgnoreCase(text, lower.get(w))) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / lower.size();
    }

    /**
     * The texts joined by line breaks, each character replaced by {@code Character.toLowerCase(Character.toUpperCase(c))};
     * null when one of them has a character outside the Basic Multilingual Plane. Two characters of the plane are
     * equal ignoring case, as {@link String#regionMatches(boolean, int, String, int, int)} compares them, exactly when
     * their folds are equal: so a folded word without a line break occurs in the folded texts exactly when the word
     * occurs in one of the texts ignoring case. (Outside the plane regionMatches compares surrogate pairs as code
     * points, which a copy of the same length cannot always mirror: those texts are compared in place.)
     */
    public static String fold(List<String> texts) {
        int length = Math.max(0, texts.size() - 1);
        for (String t : texts) {
            length += t.length();
        }
        char[] out = new char[length];
        int at = 0;
        boolean first = true;
        for (String t : texts) {
            if (!first) {
                out[at++] = '\n';
            }
            first = false;
            for (int i = 0, n = t.length(); i < n; i++) {
                char c = t.charAt(i);
                if (c < 128) {
                    out[at++] = asciiLower(c);
                } else if (Character.isSurrogate(c)) {
                    return null;
                } else {
                    out[at++] = Character.toLowerCase(Character.toUpperCase(c));
                }
            }
        }
        return new String(out);
    }

    /**
     * Whether {@code text} contains {@code lowerWord} (already lower case), ignoring case letter by letter as
     * {@link String#regionMatches(boolean, int, String, int, int)} does, without lower-casing the text. The word as it
     * is comes first ({@link String#contains}, vectorised by the JVM); then its first letter is looked up in both
     * cases with {@link String#indexOf(int, int)}, the second letter checked, and the rest compared in place. A word
     * whose first letter is outside ASCII, or a text with one of the four letters outside ASCII whose case folds onto
     * the word's first letter, is compared at every position.
     */
    static boolean containsIgnoreCase(String text, String lowerWord) {
        int n = lowerWord.length();
        if (n == 0) {
            return true;
        }
        if (text.contains(lowerWord)) {
            return true; // most words a text has, it has in lower case somewhere
        }
        char lower = lowerWord.charAt(0);
        char upper = Character.toUpperCase(lower);
        int last = text.length() - n;
        if (lower >= 128 || upper >= 128 || foldsOnto(text, lower)) {
            for (int i = 0; i <= last; i++) {
                if (text.regionMatches(true, i, lowerWord, 0, n)) {
                    return true;
                }
            }
            return false;
        }
        // an ASCII second letter rules out most places before the full comparison (a text letter outside ASCII may
        // still match it, e.g. the Kelvin sign a k: those go to the full comparison)
        char second = n > 1 && lowerWord.charAt(1) < 128 ? lowerWord.charAt(1) : 0;
        int nextLower = text.indexOf(lower);
        int nextUpper = upper == lower ? -1 : text.indexOf(upper);
        while (true) {
            int i = nextLower < 0 ? nextUpper : nextUpper < 0 ? nextLower : Math.min(nextLower, nextUpper);
            if (i < 0 || i > last) {
                return false;
            }
            char next = second == 0 ? 0 : text.charAt(i + 1);
            boolean candidate = second == 0 || next >= 128 || asciiLower(next) == second;
            if (candidate && text.regionMatches(true, i, lowerWord, 0, n)) {
                return true;
            }
            if (i == nextLower) {
                nextLower = text.indexOf(lower, i + 1);
            } else {
                nextUpper = text.indexOf(upper, i + 1);
            }
        }
    }

    /**
     * Whether the text has a letter outside ASCII that matches the ASCII letter {@code first} ignoring case, which
     * looking up {@code first} in both cases misses: the dotted capital I and the dotless i (i), the long s (s) and the
     * Kelvin sign (k).
     */
    private static boolean foldsOnto(String text, char first) {
        return switch (first) {
            case 'i' -> text.indexOf('\u0130') >= 0 || text.indexOf('\u0131') >= 0;
            case 's' -> text.indexOf('\u017F') >= 0;
            case 'k' -> text.indexOf('\u212A') >= 0;
            default -> false;
        };
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
