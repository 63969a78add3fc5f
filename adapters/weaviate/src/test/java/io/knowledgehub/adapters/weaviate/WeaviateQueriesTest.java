package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeaviateQueriesTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private static IndexedChunk chunk(String id, String title, String content) {
        return new IndexedChunk(id, A, A, 0, title, List.of(title, "Section"), content, "u", null, "text/html",
                Instant.parse("2026-01-01T00:00:00Z"), null);
    }

    private static WeaviateQueries.Plan keyword(String q) {
        return WeaviateQueries.keyword(QueryParser.parse(q), SearchFilter.NONE);
    }

    private static WeaviateQueries.Plan semantic(String q) {
        return WeaviateQueries.semantic(QueryParser.parse(q), SearchFilter.NONE);
    }

    @Test
    void the_search_filter_becomes_one_weaviate_filter_with_dates_weaviate_can_parse() {
        assertThat(WeaviateQueries.filter(SearchFilter.NONE)).isNull();
        String f = WeaviateQueries.filter(new SearchFilter(Set.of(B, A), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-12-31T23:59:59Z"), Set.of("text/html", "application/pdf"))).toString();
        assertThat(f).contains("sourceId ContainsAny [" + A + ", " + B + "]")
                .contains("contentType ContainsAny [application/pdf, text/html]")
                .contains("updatedAt GreaterThanEqual 2025-01-01T00:00:00Z")
                .contains("updatedAt LessThenEqual 2025-12-31T23:59:59Z");
        assertThat(WeaviateQueries.filter(new SearchFilter(Set.of(A), null, null, Set.of())).toString())
                .isEqualTo("Filter(sourceId ContainsAny [" + A + "])");
    }

    @Test
    void single_words_are_required_and_excluded_by_weaviate_alone() {
        WeaviateQueries.Plan plan = keyword("+planner +steps pruning -saw");
        assertThat(plan.words()).containsExactly("planner", "steps", "pruning");
        assertThat(plan.postFilter()).isFalse();
        assertThat(plan.fetchSize(10)).isEqualTo(10);
        assertThat(plan.filter().toString())
                .contains("title ContainsAll [planner]", "headings ContainsAll [planner]", "content ContainsAll [planner]")
                .contains("content ContainsAll [steps]")
                .contains("content ContainsAny [saw]")
                .doesNotContain("pruning");
    }

    @Test
    void phrases_are_narrowed_by_weaviate_and_checked_for_adjacency_here() {
        WeaviateQueries.Plan plan = keyword("\"partition pruning\"");
        assertThat(plan.postFilter()).isTrue();
        assertThat(plan.fetchSize(10)).isEqualTo(100);
        assertThat(plan.fetchSize(50)).isEqualTo(250);
        assertThat(plan.fetchSize(5000)).isEqualTo(WeaviateQueries.MAX_RESULTS);
        assertThat(plan.filter().toString()).contains("content ContainsAll [partition, pruning]");
        assertThat(plan.accepts(chunk("1", "Partition pruning", "How the planner skips partitions."))).isTrue();
        assertThat(plan.accepts(chunk("2", "Planner", "Partition pruning is one of many planner steps."))).isTrue();
        // both words, but not as the phrase, and not across the title / content boundary
        assertThat(plan.accepts(chunk("3", "Pruning", "Partition, then prune; pruning partition keys."))).isFalse();
        assertThat(plan.accepts(chunk("4", "Partition", "pruning comes later"))).isFalse();
    }

    @Test
    void excluded_phrases_and_identifiers_are_checked_here_only() {
        WeaviateQueries.Plan plan = keyword("react -\"strict mode\" -React.memo");
        assertThat(plan.filter()).isNull();
        assertThat(plan.postFilter()).isTrue();
        assertThat(plan.accepts(chunk("1", "React", "In strict mode effects run twice."))).isFalse();
        assertThat(plan.accepts(chunk("2", "React", "Wrap it in React.memo."))).isFalse();
        assertThat(plan.accepts(chunk("3", "React", "The mode is strict; memo is React's cache."))).isTrue();
    }

    @Test
    void clauses_of_stop_words_are_not_sent_but_still_checked() {
        WeaviateQueries.Plan plan = keyword("hamlet +\"to be\"");
        assertThat(plan.filter()).isNull();
        assertThat(plan.postFilter()).isTrue();
        assertThat(plan.accepts(chunk("1", "Hamlet", "To be, or not to be"))).isTrue();
        assertThat(plan.accepts(chunk("2", "Hamlet", "be it as it may, to"))).isFalse();
        assertThat(WeaviateQueries.bm25Text(List.of("to", "be"), List.of())).isNull();
    }

    @Test
    void a_required_clause_without_any_word_matches_nothing() {
        assertThat(keyword("vacuum +!!!").matchesNothing()).isTrue();
        assertThat(semantic("+???").matchesNothing()).isTrue();
        assertThat(keyword("vacuum -!!!").matchesNothing()).isFalse();
    }

    @Test
    void keyword_prefixes_only_rank_and_are_expanded_from_matching_chunks() {
        WeaviateQueries.Plan plan = keyword("partiti* pg_rel*");
        assertThat(plan.matchesNothing()).isFalse();
        assertThat(plan.filter()).isNull();
        assertThat(plan.words()).containsExactly("pg");
        assertThat(plan.prefixes()).containsExactly("partiti", "rel");
        assertThat(plan.prefixFilter().toString()).contains("content Like partiti*", "title Like rel*");

        List<IndexedChunk> candidates = List.of(chunk("1", "Partition pruning", "skips partitions"),
                chunk("2", "Planner", "partition keys, partition bounds"), chunk("3", "pg_relation_size", "relation size"));
        assertThat(WeaviateQueries.expansions(plan.prefixes(), candidates))
                .containsExactly("partition", "partitions", "relation");
    }

    @Test
    void expansions_keep_the_most_frequent_words_in_a_stable_order() {
        List<IndexedChunk> candidates = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> candidates.add(chunk("c" + i, "T", "use" + (char) ('a' + i) + " " + "usestate ".repeat(i == 0 ? 3 : 0))));
        List<String> words = WeaviateQueries.expansions(List.of("use"), candidates);
        assertThat(words).hasSize(WeaviateQueries.EXPANSIONS_PER_PREFIX);
        assertThat(words.get(0)).isEqualTo("usestate");
        assertThat(words.subList(1, 4)).containsExactly("usea", "useb", "usec");
        assertThat(WeaviateQueries.expansions(List.of("zzz"), candidates)).isEmpty();
    }

    @Test
    void the_bm25_text_has_each_word_once() {
        assertThat(WeaviateQueries.bm25Text(List.of("vacuum", "full", "vacuum"), List.of("full", "fuller")))
                .isEqualTo("vacuum full fuller");
    }

    @Test
    void semantic_search_is_restricted_by_constraints_but_not_by_plain_words() {
        WeaviateQueries.Plan plain = semantic("replication slots");
        assertThat(plain.filter()).isNull();
        assertThat(plain.postFilter()).isFalse();
        assertThat(WeaviateQueries.semantic(null, SearchFilter.NONE).filter()).isNull();

        WeaviateQueries.Plan prefix = semantic("unrel*");
        assertThat(prefix.filter().toString()).contains("content Like unrel*");
        assertThat(prefix.postFilter()).isFalse();

        WeaviateQueries.Plan mixed = WeaviateQueries.semantic(QueryParser.parse("anything +decoding -replication"),
                new SearchFilter(Set.of(B), null, null, Set.of()));
        assertThat(mixed.filter().toString()).contains("sourceId ContainsAny [" + B + "]", "content ContainsAll [decoding]",
                "content ContainsAny [replication]").doesNotContain("anything");
        assertThat(mixed.words()).isEmpty();
    }

    @Test
    void scores_are_what_the_port_expects() {
        assertThat(WeaviateQueries.cosine(0f)).isEqualTo(1f);
        assertThat(WeaviateQueries.cosine(1f)).isEqualTo(0f);
        assertThat(WeaviateQueries.cosine(2f)).isEqualTo(-1f);
        assertThat(WeaviateQueries.cosine(0.25f)).isEqualTo(0.75f);
        assertThat(WeaviateQueries.cosine(-0.0001f)).isEqualTo(1f);
        assertThat(WeaviateQueries.bm25(3.5f)).isEqualTo(3.5f);
        assertThatThrownBy(() -> WeaviateQueries.cosine(null)).hasMessageContaining("distance");
        assertThatThrownBy(() -> WeaviateQueries.bm25(null)).hasMessageContaining("score");
    }

    @Test
    void hits_are_ordered_best_first_and_ties_by_chunk_id() {
        List<ChunkHit> hits = new ArrayList<>(List.of(new ChunkHit(chunk("b", "T", "x"), 0.5f),
                new ChunkHit(chunk("c", "T", "x"), 0.9f), new ChunkHit(chunk("a", "T", "x"), 0.5f)));
        hits.sort(WeaviateQueries.BEST_FIRST);
        assertThat(hits).extracting(h -> h.chunk().id()).containsExactly("c", "a", "b");
    }
}
