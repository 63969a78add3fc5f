package io.knowledgehub.indexer.chunk;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/** The finer cuts, for text that does not fit as a whole: sentences, then words, then characters. */
final class TextSplitter {

    private final ToIntFunction<String> tokens;

    TextSplitter(ToIntFunction<String> tokens) {
        this.tokens = tokens;
    }

    /** Sentences, trimmed, in order; the text itself when it has just one. */
    static List<String> sentences(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        iterator.setText(text);
        List<String> sentences = new ArrayList<>();
        for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
             start = end, end = iterator.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    /**
     * Pieces of at most {@code budget} tokens, cut between words (joined again with single spaces); a word longer
     * than the budget on its own (a hash, a minified line) is cut between characters.
     */
    List<String> byWords(String text, int budget) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int pieceTokens = 0;
        for (String word : text.strip().split("\\s+")) {
            int wordTokens = tokens.applyAsInt(word);
            if (wordTokens > budget) {
                flush(piece, pieces);
                pieceTokens = 0;
                pieces.addAll(byCharacters(word, budget));
                continue;
            }
            if (pieceTokens + wordTokens > budget) {
                flush(piece, pieces);
                pieceTokens = 0;
            }
            if (!piece.isEmpty()) {
                piece.append(' ');
            }
            piece.append(word);
            pieceTokens += wordTokens;
        }
        flush(piece, pieces);
        return pieces;
    }

    /** Longest prefixes within the budget, found by bisection; always at least one character per piece. */
    List<String> byCharacters(String word, int budget) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int low = start + 1;
            int high = word.length();
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (tokens.applyAsInt(word.substring(start, mid)) <= budget) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            if (Character.isHighSurrogate(word.charAt(low - 1)) && low < word.length() && low - 1 > start) {
                low--; // never split a surrogate pair
            }
            pieces.add(word.substring(start, low));
            start = low;
        }
        return pieces;
    }

    private static void flush(StringBuilder piece, List<String> pieces) {
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
            piece.setLength(0);
        }
    }
}
