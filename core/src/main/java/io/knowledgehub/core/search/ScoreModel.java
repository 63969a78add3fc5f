package io.knowledgehub.core.search;

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
        if (words.isEmpty()) {
            return 1;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        long found = words.stream().filter(w -> lower.contains(w.toLowerCase(Locale.ROOT))).count();
        return (double) found / words.size();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
