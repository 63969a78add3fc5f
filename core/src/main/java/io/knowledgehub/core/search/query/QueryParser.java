package io.knowledgehub.core.search.query;

import io.knowledgehub.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the search language: whitespace-separated terms; {@code "..."} phrases; a leading {@code +} (required)
 * or {@code -} (excluded) on a term or phrase; a trailing {@code *} on a term (prefix). Hyphens and other
 * punctuation inside a word are part of it ({@code pg_dump}, {@code e-mail}, {@code React.memo}); a word starting with
 * two hyphens is a command-line option to find ({@code --global}), not an exclusion.
 *
 * <p>Malformed input is an {@link InvalidInputException} saying where (1-based character position): an
 * unclosed quote, an operator with nothing after it, a query with only exclusions, a {@code *} not at the end
 * of a word; so is a query longer than {@value #MAX_LENGTH} characters or of more than {@value #MAX_TERMS} words.
 */
public final class QueryParser {

    /** Characters in a query at most. */
    public static final int MAX_LENGTH = 1000;
    /** Words in a query at most (terms and the words of phrases): each becomes a clause of the index query. */
    public static final int MAX_TERMS = 64;

    private QueryParser() {
    }

    public static SearchQuery parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException("query", "query must not be empty: type some words, e.g. \"connection pooling\".");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidInputException("query", "query is " + raw.length() + " characters long; at most " + MAX_LENGTH + " are accepted.");
        }
        List<SearchQuery.Clause> clauses = new ArrayList<>();
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            SearchQuery.Occur occur = SearchQuery.Occur.SHOULD;
            if (c == '-' && i + 1 < n && raw.charAt(i + 1) == '-') {
                // a command-line option (--global, --format=custom) is a word to find, not an exclusion of "-global"
                occur = SearchQuery.Occur.SHOULD;
            } else if (c == '+' || c == '-') {
                occur = c == '+' ? SearchQuery.Occur.MUST : SearchQuery.Occur.MUST_NOT;
                i++;
                if (i >= n || Character.isWhitespace(raw.charAt(i))) {
                    throw error("'" + c + "' at position " + (start + 1) + " must be followed directly by a word or a quoted phrase, e.g. "
                            + c + "performance");
                }
            }
            if (raw.charAt(i) == '"') {
                int close = raw.indexOf('"', i + 1);
                if (close < 0) {
                    throw error("the quote at position " + (i + 1) + " is never closed; add a closing \" after the phrase");
                }
                List<String> words = words(raw.substring(i + 1, close));
                if (words.isEmpty()) {
                    throw error("the quotes at positions " + (i + 1) + "-" + (close + 1) + " enclose no words");
                }
                clauses.add(new SearchQuery.Clause(occur, words, true, false));
                i = close + 1;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(raw.charAt(end)) && raw.charAt(end) != '"') {
                end++;
            }
            String word = raw.substring(i, end);
            boolean prefix = word.endsWith("*");
            if (prefix) {
                word = word.substring(0, word.length() - 1);
            }
            int star = word.indexOf('*');
            if (star >= 0) {
                throw error("'*' at position " + (i + star + 1) + " is only allowed at the end of a word (use* matches useState, useEffect)");
            }
            if (word.isEmpty()) {
                throw error("'*' at position " + (i + 1) + " needs at least one character before it, e.g. use*");
            }
            clauses.add(new SearchQuery.Clause(occur, List.of(word), false, prefix));
            i = end;
        }
        int words = clauses.stream().mapToInt(c -> c.words().size()).sum();
        if (words > MAX_TERMS) {
            throw new InvalidInputException("query", "query has " + words + " words; at most " + MAX_TERMS
                    + " are accepted. Keep the words that matter most.");
        }
        if (clauses.stream().allMatch(c -> c.occur() == SearchQuery.Occur.MUST_NOT)) {
            throw error("the query only excludes terms; add at least one word to search for, e.g. hooks -class");
        }
        return new SearchQuery(raw, clauses);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static InvalidInputException error(String message) {
        return new InvalidInputException("query", "The query is malformed: " + message + ".");
    }
}
