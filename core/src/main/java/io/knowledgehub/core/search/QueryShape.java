package io.knowledgehub.core.search;

import io.knowledgehub.core.search.query.SearchQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much a query reads like a sentence or a question rather than a few search terms: a pure function of the
 * query's words, used to weigh the keyword and semantic evidence for that query.
 *
 * <p>Search terms ("ALTER INDEX", "partition pruning", {@code pg_relation_size}) are short and almost all
 * content; every word is chosen, and exact matches are what the user means. A question ("how do I stop two
 * bookings of the same room from overlapping") is long, carries function words (pronouns, auxiliaries, question
 * words) that any page contains, and names the idea in the asker's words rather than the page's: meaning-based
 * retrieval is the better judge, and keyword matching should count only the content words.
 *
 * <p>{@link #naturalness()} is 0 for term queries and rises to 1 for sentence-long ones: 0 up to
 * {@value #TERMS_MAX_WORDS} words, 1 from {@value #SENTENCE_MIN_WORDS} words, linear between, and 0 whenever the
 * query language is used (a quoted phrase, {@code +required}, {@code -excluded}, {@code prefix*}): an explicit
 * constraint asks for exact matching. Code-like words (identifiers with {@code _}, {@code .}, {@code ::},
 * parentheses, inner capitals or digits mixed with letters) count against it, each as much as
 * {@value #CODE_WORD_PENALTY} of the scale: a question that names an identifier still wants that identifier.
 * Nothing here knows a language of a documentation set beyond English function words.
 */
public record QueryShape(double naturalness, List<String> contentWords, List<String> words) {

    /** Queries of at most this many words are search terms. */
    static final int TERMS_MAX_WORDS = 4;
    /** Queries of at least this many words read as sentences. */
    static final int SENTENCE_MIN_WORDS = 9;
    /** How much each code-like word lowers the naturalness. */
    static final double CODE_WORD_PENALTY = 0.25;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+(?:'[\\p{L}]+)?");

    /**
     * English function words: articles, pronouns, auxiliaries and modals, question words, common prepositions and
     * conjunctions, and the filler of requests ("want", "need", "way"). They say how a question is asked, not what
     * it is about. Words that can carry meaning in technical text ("not", "no", "all", "before", "after", "between",
     * "without", "only", "same", "each") are not in the list.
     */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "so", "than", "then", "as", "of", "at", "by", "for", "with",
            "about", "to", "from", "in", "into", "on", "onto", "up", "out", "over", "via", "per",
            "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your",
            "yours", "he", "him", "his", "she", "her", "hers", "it", "it's", "its", "they", "them", "their", "theirs",
            "this", "that", "these", "those", "there", "here", "someone", "something", "somebody", "anything",
            "is", "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "done", "have",
            "has", "had", "having", "can", "could", "should", "would", "will", "shall", "may", "might", "must",
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether",
            "want", "wants", "need", "needs", "way", "ways", "like", "just", "really", "actually", "also", "still",
            "some", "any", "much", "many", "very", "too", "instead", "even", "ever", "every", "get", "gets", "got");

    public QueryShape {
        contentWords = List.copyOf(contentWords);
        words = List.copyOf(words);
    }

    public static QueryShape of(SearchQuery query) {
        List<String> words = new ArrayList<>();
        List<String> content = new ArrayList<>();
        int code = 0;
        boolean constrained = query.hasConstraints();
        for (SearchQuery.Clause c : query.clauses()) {
            if (c.occur() == SearchQuery.Occur.MUST_NOT) {
                continue;
            }
            for (String raw : c.words()) {
                if (codeLike(raw)) {
                    code++;
                }
                Matcher m = WORD.matcher(raw);
                while (m.find()) {
                    String w = m.group();
                    words.add(w);
                    if (!FUNCTION_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                        content.add(w);
                    }
                }
            }
        }
        double length = Math.clamp((words.size() - TERMS_MAX_WORDS) / (double) (SENTENCE_MIN_WORDS - TERMS_MAX_WORDS), 0, 1);
        double naturalness = constrained || content.isEmpty() ? 0 : Math.max(0, length - CODE_WORD_PENALTY * code);
        return new QueryShape(naturalness, content, words);
    }

    /** Whether a word as typed looks like code: an identifier, a call, a path or a qualified name. */
    static boolean codeLike(String raw) {
        String w = raw.replaceAll("^\\p{Punct}+|[\\p{Punct}&&[^)]]+$", "");
        if (w.isEmpty()) {
            return false;
        }
        if (w.contains("_") || w.contains("::") || w.contains("(") || w.contains("/") || w.matches(".*\\w\\.\\w.*")) {
            return true;
        }
        boolean innerCapital = w.length() > 1 && w.substring(1).chars().anyMatch(Character::isUpperCase)
                && w.chars().anyMatch(Character::isLowerCase);
        boolean lettersAndDigits = w.chars().anyMatch(Character::isLetter) && w.chars().anyMatch(Character::isDigit);
        return innerCapital || lettersAndDigits;
    }

    /**
     * The words a keyword retrieval should match: the content words of a sentence-like query (function words match
     * nearly every page and drown the few words that matter), every word of a term query.
     */
    public List<String> keywordWords() {
        return naturalness > 0 && !contentWords.isEmpty() ? contentWords : words;
    }

    /**
     * The semantic share of a hybrid score for this query: {@code base} for term queries, moving linearly to
     * {@code sentence} as the naturalness rises.
     */
    public double semanticWeight(double base, double sentence) {
        return base + (sentence - base) * naturalness;
    }
}
