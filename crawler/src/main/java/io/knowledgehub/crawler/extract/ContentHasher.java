package io.knowledgehub.crawler.extract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 of a page's normalised text: the change detector of incremental crawls. Normalising first (whitespace
 * collapsed when {@code normalize_whitespace}, lower-cased when {@code ignore_case}) keeps re-indented or
 * re-cased pages from counting as changed.
 */
public final class ContentHasher {

    private final boolean normalizeWhitespace;
    private final boolean ignoreCase;

    public ContentHasher(boolean normalizeWhitespace, boolean ignoreCase) {
        this.normalizeWhitespace = normalizeWhitespace;
        this.ignoreCase = ignoreCase;
    }

    /** @return lower-case hex SHA-256 of the normalised text */
    public String hash(String text) {
        String normalized = normalizeWhitespace ? collapseWhitespace(text) : text;
        if (ignoreCase) {
            normalized = normalized.toLowerCase(Locale.ROOT);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Runs of whitespace become one space; leading and trailing whitespace is dropped. */
    static String collapseWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
