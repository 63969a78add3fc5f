package io.knowledgehub.core.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A chunk found by one retrieval, with the backend's raw score: BM25 for keyword (unbounded, higher is
 * better), cosine similarity in [-1, 1] for semantic. Turning raw scores into the 0..1 relevance users see is
 * the search service's job, not the index's.
 *
 * @param cosine for a keyword hit asked for with a query vector ({@link SearchIndex#keyword(SearchQuery, SearchFilter,
 *               int, float[])}): the chunk's cosine similarity to it; NaN when not known
 * @param folded the chunk's title, headings and content as {@link ScoreModel#fold} makes them, where the index keeps
 *               them so between searches (the keyword score's word coverage looks words up in it); null otherwise
 */
public record ChunkHit(IndexedChunk chunk, float rawScore, float cosine, String folded) {

    public ChunkHit(IndexedChunk chunk, float rawScore) {
        this(chunk, rawScore, Float.NaN);
    }

    public ChunkHit(IndexedChunk chunk, float rawScore, float cosine) {
        this(chunk, rawScore, cosine, null);
    }

    /** What the keyword score's word coverage looks in: the chunk's title, headings and content. */
    public static List<String> texts(IndexedChunk c) {
        List<String> texts = new ArrayList<>(c.headingPath().size() + 2);
        texts.add(c.title());
        texts.addAll(c.headingPath());
        texts.add(c.content());
        return texts;
    }

    /** The word coverage of this hit's chunk ({@link ScoreModel#coverage(ScoreModel.CoverageWords, List, String)}). */
    public double coverage(ScoreModel.CoverageWords words) {
        // the texts themselves are only needed for words compared in place
        boolean inPlace = folded == null || !words.everyWordFolded();
        return ScoreModel.coverage(words, inPlace ? texts(chunk) : List.of(), folded);
    }
}
