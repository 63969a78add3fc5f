package io.knowledgehub.crawler.extract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much of a page's text changed, for {@code incremental_config.min_change_threshold}: one minus the Dice
 * coefficient of the two texts' multisets of word bigrams. Linear in the text length, insensitive to whitespace and
 * case, and proportional: editing one word of an n-word page changes about 2/n of it, rewriting it changes 1.
 */
public final class TextSimilarity {

    private TextSimilarity() {
    }

    /** @return the changed share in 0..1 (0: same words in the same order) */
    public static double changedShare(String before, String after) {
        Map<Long, int[]> a = bigrams(before);
        Map<Long, int[]> b = bigrams(after);
        long sizeA = total(a);
        long sizeB = total(b);
        if (sizeA + sizeB == 0) {
            return 0;
        }
        long common = 0;
        for (Map.Entry<Long, int[]> e : a.entrySet()) {
            int[] other = b.get(e.getKey());
            if (other != null) {
                common += Math.min(e.getValue()[0], other[0]);
            }
        }
        return 1.0 - (2.0 * common) / (sizeA + sizeB);
    }

    /** Word bigrams as 64-bit keys (two 32-bit word hashes): collisions are too rare to matter for a ratio. */
    private static Map<Long, int[]> bigrams(String text) {
        Map<Long, int[]> counts = new HashMap<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int previous = 0;
        boolean hasPrevious = false;
        int words = 0;
        int i = 0;
        int n = lower.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            if (i == start) {
                break;
            }
            int word = lower.substring(start, i).hashCode();
            words++;
            if (hasPrevious) {
                counts.computeIfAbsent(((long) previous << 32) | (word & 0xffffffffL), k -> new int[1])[0]++;
            }
            previous = word;
            hasPrevious = true;
        }
        if (words == 1) {
            // a one-word text has no bigram; count the word itself so it still compares
            counts.computeIfAbsent((long) previous, k -> new int[1])[0]++;
        }
        return counts;
    }

    private static long total(Map<Long, int[]> counts) {
        long sum = 0;
        for (int[] c : counts.values()) {
            sum += c[0];
        }
        return sum;
    }
}
