package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.SearchQuery;
import io.weaviate.client6.v1.api.collections.query.Filter;
import io.weaviate.client6.v1.api.collections.query.FilterOperand;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Translates the search language into Weaviate requests. A clause is matched in the title, the headings or the
 * content, as Weaviate's {@code word} tokenization sees them.
 *
 * <p>What Weaviate answers exactly, it answers: the {@link SearchFilter}, required and excluded single words
 * ({@code containsAll} / {@code not containsAny} on the words), prefixes ({@code like "use*"}). What it cannot,
 * the adapter checks on the returned chunks: that the words of a phrase or of a split identifier
 * ({@code "strict mode"}, {@code React.memo}) are adjacent, and clauses made only of stop words. Weaviate then
 * only narrows the candidates (all words present), more candidates are fetched, and those without the exact
 * mention are dropped.
 *
 * <p>Keyword search is BM25 over title, headings and content. Quoted phrases are exact mentions and so required;
 * a prefix is expanded to the words starting with it in the chunks that have one, which then take part in BM25.
 */
final class WeaviateQueries {

    /** Field weights as in the standalone index (title 1, headings 1.5, content 1), in whole numbers. */
    static final List<String> KEYWORD_PROPERTIES = List.of(ChunkSchema.TITLE + "^2", ChunkSchema.HEADINGS + "^3",
            ChunkSchema.CONTENT + "^2");
    /** Weaviate's default cap on one query's results ({@code QUERY_MAXIMUM_RESULTS}). */
    static final int MAX_RESULTS = 10_000;
    /** Candidates fetched per wanted result when some are dropped afterwards. */
    static final int OVERFETCH_FACTOR = 5;
    static final int MIN_OVERFETCH = 100;
    /** Chunks whose words a prefix is expanded from, and how many of the most frequent words it becomes. */
    static final int EXPANSION_CANDIDATES = 200;
    static final int EXPANSIONS_PER_PREFIX = 16;
    /** Best first; equal scores by chunk id, so equal inputs give equal outputs. */
    static final Comparator<ChunkHit> BEST_FIRST = Comparator.comparingDouble((ChunkHit h) -> h.rawScore()).reversed()
            .thenComparing(h -> h.chunk().id());

    private WeaviateQueries() {
    }

    /**
     * One search turned into Weaviate's part and the adapter's part.
     *
     * @param matchesNothing a required clause has no word at all: no chunk can match, nothing is asked
     * @param words          the BM25 words (keyword search only)
     * @param prefixes       the prefixes to expand into BM25 words (keyword search only)
     * @param filter         what Weaviate restricts the candidates to; null for nothing
     * @param prefixFilter   the chunks prefixes are expanded from; null without prefixes
     * @param checks         every required and excluded clause, checked on the returned chunks when
     *                       {@code postFilter} is set
     * @param postFilter     Weaviate's filter is wider than the query: check {@code checks} and fetch more
     */
    record Plan(boolean matchesNothing, List<String> words, List<String> prefixes, Filter filter, Filter prefixFilter,
                List<Check> checks, boolean postFilter) {

        boolean accepts(IndexedChunk chunk) {
            if (!postFilter) {
                return true;
            }
            List<List<String>> fields = new ArrayList<>();
            fields.add(WordTokens.of(chunk.title()));
            chunk.headingPath().forEach(h -> fields.add(WordTokens.of(h)));
            fields.add(WordTokens.of(chunk.content()));
            return checks.stream().allMatch(c -> c.test(fields));
        }

        /** How many candidates to ask Weaviate for to return {@code limit} results. */
        int fetchSize(int limit) {
            int wanted = Math.max(1, limit);
            return Math.min(MAX_RESULTS, postFilter ? Math.max(wanted * OVERFETCH_FACTOR, MIN_OVERFETCH) : wanted);
        }
    }

    /**
     * A clause as checked on a chunk: its words consecutive in one field (the last one a prefix if so), or for an
     * excluded clause in none.
     */
    record Check(List<String> words, boolean prefix, boolean excluded) {
        boolean test(List<List<String>> fields) {
            boolean found = fields.stream().anyMatch(f -> WordTokens.mentions(f, words, prefix));
            return excluded != found;
        }
    }

    /** Keyword search: required clauses and phrases restrict, optional words and prefixes only rank. */
    static Plan keyword(SearchQuery query, SearchFilter filter) {
        return plan(query, filter, true);
    }

    /**
     * Semantic search: required clauses, phrases, prefixes and exclusions restrict the candidates before the
     * nearest neighbours are taken; plain optional words do not ({@code constraints} may be null).
     */
    static Plan semantic(SearchQuery constraints, SearchFilter filter) {
        return plan(constraints, filter, false);
    }

    private static Plan plan(SearchQuery query, SearchFilter searchFilter, boolean keyword) {
        List<FilterOperand> conditions = new ArrayList<>();
        Filter base = filter(searchFilter);
        if (base != null) {
            conditions.add(base);
        }
        Set<String> words = new LinkedHashSet<>();
        Set<String> prefixes = new LinkedHashSet<>();
        List<FilterOperand> prefixMatches = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        boolean post = false;
        boolean nothing = false;
        List<SearchQuery.Clause> clauses = query == null ? List.of() : query.clauses();
        for (SearchQuery.Clause c : clauses) {
            List<String> tokens = WordTokens.of(c.text());
            boolean prefix = c.prefix() && !tokens.isEmpty();
            if (c.occur() == SearchQuery.Occur.MUST_NOT) {
                if (tokens.isEmpty()) {
                    continue; // punctuation only: excludes nothing
                }
                checks.add(new Check(tokens, prefix, true));
                Filter exclusion = exclusion(tokens, prefix);
                if (exclusion != null) {
                    conditions.add(exclusion);
                } else {
                    post = true;
                }
                continue;
            }
            if (keyword) {
                words.addAll(prefix ? tokens.subList(0, tokens.size() - 1) : tokens);
                if (prefix) {
                    String last = tokens.get(tokens.size() - 1);
                    prefixes.add(last);
                    prefixMatches.add(anyField(f -> Filter.property(f).like(last + "*")));
                }
            }
            boolean restricting = c.occur() == SearchQuery.Occur.MUST || c.phrase() || (!keyword && c.prefix());
            if (!restricting) {
                continue;
            }
            if (tokens.isEmpty()) {
                nothing = true; // a required clause without a word cannot be met
                continue;
            }
            checks.add(new Check(tokens, prefix, false));
            Filter requirement = requirement(tokens, prefix);
            if (requirement != null) {
                conditions.add(requirement);
            }
            post |= !exactRequirement(tokens, prefix);
        }
        if (keyword && words.isEmpty() && prefixes.isEmpty()) {
            nothing = true;
        }
        Filter filter = and(conditions);
        Filter prefixFilter = null;
        if (!prefixMatches.isEmpty()) {
            Filter anyPrefix = prefixMatches.size() == 1 ? (Filter) prefixMatches.get(0) : Filter.or(prefixMatches);
            prefixFilter = filter == null ? anyPrefix : Filter.and(filter, anyPrefix);
        }
        return new Plan(nothing, List.copyOf(words), List.copyOf(prefixes), filter, prefixFilter, List.copyOf(checks), post);
    }

    /** The {@link SearchFilter} as a Weaviate filter, or null when it restricts nothing. */
    static Filter filter(SearchFilter f) {
        List<FilterOperand> parts = new ArrayList<>();
        if (!f.sourceIds().isEmpty()) {
            // sorted: the same filter gives the same request
            parts.add(Filter.property(ChunkSchema.SOURCE_ID).containsAny(f.sourceIds().stream().map(UUID::toString).sorted().toList()));
        }
        if (!f.contentTypes().isEmpty()) {
            parts.add(Filter.property(ChunkSchema.CONTENT_TYPE).containsAny(f.contentTypes().stream().sorted().toList()));
        }
        // dates go as text: the client's date operand drops zero seconds, which the server cannot parse
        if (f.dateFrom() != null) {
            parts.add(Filter.property(ChunkSchema.UPDATED_AT).gte(ChunkSchema.date(f.dateFrom())));
        }
        if (f.dateTo() != null) {
            parts.add(Filter.property(ChunkSchema.UPDATED_AT).lte(ChunkSchema.date(f.dateTo())));
        }
        return and(parts);
    }

    /**
     * The words of the BM25 query, each once, with the prefix expansions; null when only stop words remain
     * (which BM25 ignores, so nothing would match).
     */
    static String bm25Text(List<String> words, List<String> expansions) {
        Set<String> all = new LinkedHashSet<>(words);
        all.addAll(expansions);
        if (all.stream().allMatch(WordTokens::isStopWord)) {
            return null;
        }
        return String.join(" ", all);
    }

    /**
     * The words the prefixes stand for: per prefix, the most frequent words of the candidates that start with it
     * (ties in alphabetical order, so the same chunks give the same expansion).
     */
    static List<String> expansions(List<String> prefixes, List<IndexedChunk> candidates) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (IndexedChunk c : candidates) {
            List<String> texts = new ArrayList<>();
            texts.add(c.title());
            texts.addAll(c.headingPath());
            texts.add(c.content());
            for (String text : texts) {
                for (String token : WordTokens.of(text)) {
                    for (String p : prefixes) {
                        if (token.startsWith(p)) {
                            counts.computeIfAbsent(p, k -> new HashMap<>()).merge(token, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : prefixes) {
            counts.getOrDefault(p, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(EXPANSIONS_PER_PREFIX)
                    .forEach(e -> out.add(e.getKey()));
        }
        return List.copyOf(out);
    }

    /** Weaviate's cosine distance ({@code 1 - cos}) as the cosine similarity the port speaks. */
    static float cosine(Float distance) {
        if (distance == null) {
            throw new IllegalStateException("Weaviate returned a vector search result without its distance");
        }
        return Math.max(-1f, Math.min(1f, 1f - distance));
    }

    /** Weaviate's BM25F score, the raw keyword score of the port. */
    static float bm25(Float score) {
        if (score == null) {
            throw new IllegalStateException("Weaviate returned a keyword search result without its score");
        }
        return score;
    }

    /**
     * A required clause for Weaviate: in one field, all its words other than stop words (and the prefix); null
     * when nothing is left to ask (only stop words).
     */
    private static Filter requirement(List<String> tokens, boolean prefix) {
        List<String> plain = WordTokens.withoutStopWords(prefix ? tokens.subList(0, tokens.size() - 1) : tokens);
        if (plain.isEmpty() && !prefix) {
            return null;
        }
        String last = tokens.get(tokens.size() - 1);
        return anyField(f -> {
            List<FilterOperand> parts = new ArrayList<>();
            if (!plain.isEmpty()) {
                parts.add(Filter.property(f).containsAll(plain));
            }
            if (prefix) {
                parts.add(Filter.property(f).like(last + "*"));
            }
            return and(parts);
        });
    }

    /** Whether {@link #requirement} is exactly the clause: one word, not a stop word, or one prefix. */
    private static boolean exactRequirement(List<String> tokens, boolean prefix) {
        return tokens.size() == 1 && (prefix || !WordTokens.isStopWord(tokens.get(0)));
    }

    /**
     * An excluded clause for Weaviate when it can be said exactly (one word, or one prefix); null for phrases and
     * split identifiers (excluding every chunk with all their words would exclude too much) and stop words.
     */
    private static Filter exclusion(List<String> tokens, boolean prefix) {
        if (tokens.size() != 1) {
            return null;
        }
        String word = tokens.get(0);
        if (prefix) {
            return Filter.not(anyField(f -> Filter.property(f).like(word + "*")));
        }
        if (WordTokens.isStopWord(word)) {
            return null;
        }
        return Filter.not(anyField(f -> Filter.property(f).containsAny(List.of(word))));
    }

    private static Filter anyField(Function<String, Filter> perField) {
        return Filter.or(ChunkSchema.TEXT_FIELDS.stream().map(f -> (FilterOperand) perField.apply(f)).toList());
    }

    private static Filter and(List<FilterOperand> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? (Filter) parts.get(0) : Filter.and(parts);
    }
}
