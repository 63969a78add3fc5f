package io.knowledgehub.adapters.weaviate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a text exactly as Weaviate's {@code word} tokenization sees them: split at every character that is
 * neither a letter nor a digit, lower-cased. {@code pg_relation_size} is {@code pg relation size},
 * {@code React.memo} is {@code react memo}, {@code useState} is {@code usestate}.
 *
 * <p>The adapter needs the same view on its side to send filters Weaviate can answer (single words, stop words
 * left out) and to check what Weaviate cannot: that the words of a phrase are adjacent.
 */
final class WordTokens {

    /**
     * The stop words of the chunk collection (set in its schema, so that both sides agree): the list the
     * standalone index uses, so keyword relevance ignores the same words in either mode.
     */
    static final List<String> STOP_WORDS = List.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if",
            "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
            "these", "they", "this", "to", "was", "will", "with");
    private static final Set<String> STOP_SET = Set.copyOf(STOP_WORDS);

    private WordTokens() {
    }

    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean word = Character.isLetter(cp) || isNumber(cp);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(text.substring(start).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    static boolean isStopWord(String token) {
        return STOP_SET.contains(token);
    }

    static List<String> withoutStopWords(List<String> tokens) {
        return tokens.stream().filter(t -> !isStopWord(t)).toList();
    }

    /**
     * Whether {@code words} occur in {@code text} as consecutive tokens; with {@code prefix} the last one only
     * needs to start the token it is compared with.
     */
    static boolean mentions(List<String> text, List<String> words, boolean prefix) {
        if (words.isEmpty()) {
            return false;
        }
        int last = words.size() - 1;
        for (int i = 0; i + words.size() <= text.size(); i++) {
            boolean all = true;
            for (int j = 0; j <= last && all; j++) {
                String token = text.get(i + j);
                all = prefix && j == last ? token.startsWith(words.get(j)) : token.equals(words.get(j));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Unicode number categories, as Go's {@code unicode.IsNumber} that Weaviate uses (not only decimal digits). */
    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }
}
