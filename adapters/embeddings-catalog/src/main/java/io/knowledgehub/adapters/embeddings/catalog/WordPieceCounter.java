package io.knowledgehub.adapters.embeddings.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Counts BERT word pieces in plain Java, exactly as the model's {@code tokenizer.json} (BertNormalizer,
 * BertPreTokenizer, WordPiece) splits them. The chunker counts tokens many times per page while it sizes chunks;
 * doing that in Java instead of through the native tokenizer (which builds ids, offsets and masks for every call)
 * leaves the cores to the embedding model. Only used for tokenizers of exactly that shape, which
 * {@link #fromTokenizerJson} checks; every bundled model has it (the in-process module's tests compare the counts
 * with the native tokenizer's).
 */
final class WordPieceCounter {

    private final Set<String> vocab;
    private final String prefix;
    private final int maxCharsPerWord;
    private final boolean lowercase;
    private final boolean stripAccents;

    private WordPieceCounter(Set<String> vocab, String prefix, int maxCharsPerWord, boolean lowercase, boolean stripAccents) {
        this.vocab = vocab;
        this.prefix = prefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
    }

    /** A counter for a BERT WordPiece tokenizer definition, or empty for any other kind of tokenizer. */
    static Optional<WordPieceCounter> fromTokenizerJson(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode normalizer = root.path("normalizer");
        JsonNode model = root.path("model");
        if (!"BertNormalizer".equals(normalizer.path("type").asText())
                || !normalizer.path("clean_text").asBoolean(false) || !normalizer.path("handle_chinese_chars").asBoolean(false)
                || !"BertPreTokenizer".equals(root.path("pre_tokenizer").path("type").asText())
                || !"WordPiece".equals(model.path("type").asText()) || !model.path("vocab").isObject()) {
            return Optional.empty();
        }
        boolean lowercase = normalizer.path("lowercase").asBoolean(false);
        JsonNode strip = normalizer.path("strip_accents");
        boolean stripAccents = strip.isNull() || strip.isMissingNode() ? lowercase : strip.asBoolean();
        Set<String> vocab = new HashSet<>(model.path("vocab").size() * 2);
        for (Iterator<String> names = model.path("vocab").fieldNames(); names.hasNext(); ) {
            vocab.add(names.next());
        }
        return Optional.of(new WordPieceCounter(vocab, model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100), lowercase, stripAccents));
    }

    int count(String text) {
        String normalized = normalize(text);
        int count = 0;
        int n = normalized.length();
        int i = 0;
        while (i < n) {
            int cp = normalized.codePointAt(i);
            if (cp == ' ') {
                i++;
                continue;
            }
            if (isPunctuation(cp)) {
                count += pieces(new String(Character.toChars(cp)));
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n) {
                int c = normalized.codePointAt(i);
                if (c == ' ' || isPunctuation(c)) {
                    break;
                }
                i += Character.charCount(c);
            }
            count += pieces(normalized.substring(start, i));
        }
        return count;
    }

    /** Word pieces of one pre-tokenized word: greedy longest match first; a word that does not split is one unknown. */
    private int pieces(String word) {
        int chars = word.codePointCount(0, word.length());
        if (chars > maxCharsPerWord) {
            return 1;
        }
        int pieces = 0;
        int start = 0;
        int len = word.length();
        while (start < len) {
            int end = len;
            boolean found = false;
            while (end > start) {
                String piece = start == 0 ? word.substring(start, end) : prefix + word.substring(start, end);
                if (vocab.contains(piece)) {
                    found = true;
                    break;
                }
                end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 >= start ? end - 2 : end - 1;
            }
            if (!found) {
                return 1;
            }
            pieces++;
            start = end;
        }
        return pieces;
    }

    /** BertNormalizer: clean the text, space out CJK characters, strip accents, lowercase; whitespace becomes ' '. */
    private String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean ascii = true;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (isWhitespace(cp)) {
                out.append(' ');
            } else if (isChinese(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
                ascii = false;
            } else {
                out.appendCodePoint(cp);
                ascii &= cp < 0x80;
            }
        }
        String s = out.toString();
        if (stripAccents && !ascii) {
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder kept = new StringBuilder(nfd.length());
            for (int i = 0; i < nfd.length(); ) {
                int cp = nfd.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                    kept.appendCodePoint(cp);
                }
            }
            s = kept.toString();
        }
        if (lowercase) {
            s = ascii ? asciiLower(s) : s.toLowerCase(Locale.ROOT);
        }
        return s;
    }

    private static String asciiLower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] = (char) (c[i] + 32);
            }
        }
        return new String(c);
    }

    /** Tab, newline and carriage return, and the Unicode White_Space characters. */
    private static boolean isWhitespace(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == ' ') {
            return true;
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Unicode "Other" categories (controls, formats, surrogates, private use, unassigned), except tab and newlines. */
    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /** ASCII punctuation and symbols, and every Unicode punctuation category. */
    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK Unified Ideographs blocks, as BERT defines "Chinese characters". */
    private static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
