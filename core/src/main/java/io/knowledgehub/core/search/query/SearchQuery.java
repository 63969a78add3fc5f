package io.knowledgehub.core.search.query;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A parsed query of the search language (spec Tutorial 2). Every clause is one of: an optional term or phrase
 * ({@code react hooks}), a required one ({@code +performance}, {@code +"strict mode"}), an excluded one
 * ({@code -class}), and any term may be a prefix ({@code use*}).
 *
 * @param raw      the query as typed
 * @param clauses  the clauses in the order typed
 */
public record SearchQuery(String raw, List<Clause> clauses) {

    public SearchQuery {
        clauses = List.copyOf(clauses);
    }

    public enum Occur { SHOULD, MUST, MUST_NOT }

    /**
     * @param occur   how the clause takes part
     * @param words   one word for a term, several for a phrase (as typed, not analysed)
     * @param phrase  typed in quotes (an exact mention, even of one word)
     * @param prefix  ended with {@code *} (terms only): matches words starting with the word
     */
    public record Clause(Occur occur, List<String> words, boolean phrase, boolean prefix) {
        public Clause {
            words = List.copyOf(words);
        }

        public String text() {
            return String.join(" ", words);
        }
    }

    /** The words of every clause that is not excluded: what meaning-based search embeds. */
    public String positiveText() {
        return clauses.stream().filter(c -> c.occur() != Occur.MUST_NOT).map(Clause::text)
                .collect(Collectors.joining(" "));
    }

    public Stream<Clause> of(Occur occur) {
        return clauses.stream().filter(c -> c.occur() == occur);
    }

    /** Whether anything beyond plain optional words was used (required, excluded, phrase, prefix). */
    public boolean hasConstraints() {
        return clauses.stream().anyMatch(c -> c.occur() != Occur.SHOULD || c.phrase() || c.prefix());
    }

    public boolean isEmpty() {
        return clauses.isEmpty();
    }
}
