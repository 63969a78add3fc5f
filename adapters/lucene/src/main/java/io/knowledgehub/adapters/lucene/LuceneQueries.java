package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.SearchQuery;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.KnnByteVectorQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates the search language into Lucene queries. A clause is matched in the title, the headings or the
 * body (the best field counts, the others add a little). Quoted phrases are exact mentions and so required; a
 * word that the analysis splits (an identifier like {@code React.memo}) is matched as a phrase. Prefixes match
 * the unstemmed words of all three fields.
 */
final class LuceneQueries {

    /**
     * Field weights: a term in a heading says more about a chunk than one in running text. The page title gets
     * no extra weight because it is also the first entry of every chunk's heading path (and measured on the
     * PostgreSQL evaluation, boosting it twice pulled short pages named like the query above the right ones).
     */
    static final Map<String, Float> FIELDS = Map.of(
            LuceneSearchIndex.TITLE, 1.0f,
            LuceneSearchIndex.HEADINGS, 1.5f,
            LuceneSearchIndex.BODY, 1.0f);
    private static final float TIE_BREAKER = 0.3f;

    private final QueryBuilder builder;
    /** The words as written (no stop words dropped, no stems): for a clause made only of stop words. */
    private final QueryBuilder literal = new QueryBuilder(new IdentifierAnalyzer(false, false));

    LuceneQueries(Analyzer analyzer) {
        this.builder = new QueryBuilder(analyzer);
    }

    Query keyword(SearchQuery query, SearchFilter filter) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        boolean required = false;
        // optional words that are all stop words: left out beside other words, all required when nothing else is asked
        List<Query> optionalStopWords = new ArrayList<>();
        for (SearchQuery.Clause c : query.clauses()) {
            Query q = clause(c);
            if (q == null && c.occur() == SearchQuery.Occur.SHOULD && !c.phrase()) {
                optionalStopWords.add(onlyStopWords(c.text()));
                continue;
            }
            if (q == null) {
                q = onlyStopWords(c.text());
            }
            switch (c.occur()) {
                case MUST_NOT -> b.add(q, BooleanClause.Occur.MUST_NOT);
                case MUST -> {
                    b.add(q, BooleanClause.Occur.MUST);
                    positive = true;
                    required = true;
                }
                case SHOULD -> {
                    b.add(q, c.phrase() ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD);
                    positive = true;
                    required |= c.phrase();
                }
            }
        }
        if (!positive && !optionalStopWords.isEmpty()) {
            optionalStopWords.forEach(q -> b.add(q, BooleanClause.Occur.MUST));
            positive = true;
            required = true;
        }
        if (!positive) {
            return new MatchNoDocsQuery("no positive clause");
        }
        // without a required clause at least one optional one must match (filters alone would match everything)
        if (!required) {
            b.setMinimumNumberShouldMatch(1);
        }
        addFilter(b, filter);
        return b.build();
    }

    /**
     * Nearest neighbours among the chunks satisfying the filter and the constraints: required clauses, phrases,
     * prefixes and exclusions (plain optional words only steer the vector, they do not restrict). {@code byteScale}
     * above 0: among the 8-bit vectors of {@link VectorQuantization#INT8_ONLY}, with the query quantized by that scale.
     */
    Query semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int k, float byteScale) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean restricted = false;
        boolean required = false;
        if (constraints != null) {
            for (SearchQuery.Clause c : constraints.clauses()) {
                if (c.occur() == SearchQuery.Occur.MUST_NOT) {
                    b.add(clauseOrStopWords(c), BooleanClause.Occur.MUST_NOT);
                    restricted = true;
                } else if (c.occur() == SearchQuery.Occur.MUST || c.phrase() || c.prefix()) {
                    b.add(clauseOrStopWords(c), BooleanClause.Occur.FILTER);
                    restricted = true;
                    required = true;
                }
            }
        }
        restricted |= addFilter(b, filter);
        required |= hasFilter(filter);
        if (!required) {
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
        }
        Query only = restricted ? b.build() : null;
        return byteScale > 0 ? new KnnByteVectorQuery(LuceneSearchIndex.VECTOR_BYTES, ByteVectors.quantize(vector, byteScale), Math.max(1, k), only)
                : new KnnFloatVectorQuery(LuceneSearchIndex.VECTOR, vector, Math.max(1, k), only);
    }

    private Query clauseOrStopWords(SearchQuery.Clause c) {
        Query q = clause(c);
        return q != null ? q : onlyStopWords(c.text());
    }

    /** The clause in the prose fields; null when all its words are stop words, which those fields do not hold. */
    private Query clause(SearchQuery.Clause c) {
        if (c.prefix()) {
            return new PrefixQuery(new Term(LuceneSearchIndex.WORDS, c.text().toLowerCase(Locale.ROOT)));
        }
        List<Query> perField = new ArrayList<>();
        for (Map.Entry<String, Float> f : FIELDS.entrySet()) {
            Query q = builder.createPhraseQuery(f.getKey(), c.text());
            if (q != null) {
                perField.add(new BoostQuery(q, f.getValue()));
            }
        }
        return perField.isEmpty() ? null : new DisjunctionMaxQuery(perField, TIE_BREAKER);
    }

    /**
     * A clause the prose fields cannot match because all its words are stop words ({@code the}, {@code with}, SQL's
     * {@code AS}), where the user asked for it (required, excluded, quoted, or a query of nothing else): the chunks
     * holding every one of its words in {@link LuceneSearchIndex#WORDS}, which keeps them.
     * That field has no positions, so a phrase of stop words ("to be or not") matches its words anywhere in the chunk;
     * each matching chunk scores the same, so such a query alone finds the chunks but cannot rank them.
     */
    private Query onlyStopWords(String text) {
        Query q = literal.createBooleanQuery(LuceneSearchIndex.WORDS, text, BooleanClause.Occur.MUST);
        return q == null ? new MatchNoDocsQuery("no words") : new ConstantScoreQuery(q);
    }

    private static boolean hasFilter(SearchFilter f) {
        return !f.sourceIds().isEmpty() || !f.contentTypes().isEmpty() || f.dateFrom() != null || f.dateTo() != null;
    }

    private static boolean addFilter(BooleanQuery.Builder b, SearchFilter f) {
        if (!f.sourceIds().isEmpty()) {
            b.add(new TermInSetQuery(LuceneSearchIndex.SOURCE, f.sourceIds().stream().map(id -> new BytesRef(id.toString())).toList()),
                    BooleanClause.Occur.FILTER);
        }
        if (!f.contentTypes().isEmpty()) {
            b.add(new TermInSetQuery(LuceneSearchIndex.CONTENT_TYPE, f.contentTypes().stream().map(BytesRef::new).toList()),
                    BooleanClause.Occur.FILTER);
        }
        if (f.dateFrom() != null || f.dateTo() != null) {
            long from = f.dateFrom() == null ? Long.MIN_VALUE : f.dateFrom().toEpochMilli();
            long to = f.dateTo() == null ? Long.MAX_VALUE : f.dateTo().toEpochMilli();
            b.add(LongPoint.newRangeQuery(LuceneSearchIndex.UPDATED, from, to), BooleanClause.Occur.FILTER);
        }
        return hasFilter(f);
    }
}
