package io.knowledgehub.core.source;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * How large a regular expression grows when RE2/J compiles it, read from its text without compiling it. RE2/J writes
 * a counted repetition out as that many copies of what it repeats, so {@code (a{1000}){1000}} becomes a million
 * instructions (some 90 MB), and it bounds each count at 1000 but not counts nested in each other:
 * {@code ((a{1000}){1000}){1000}} runs the heap out while compiling, whichever thread it takes down with it. RE2
 * itself refuses a nesting whose counts multiply beyond 1000; RE2/J has no such check, so the config parser makes it
 * here, before anything is compiled.
 *
 * <p>The reading over-counts rather than under-counts: a quantifier that RE2 would refuse, a flag group or a
 * {@code (?:} prefix only add to the numbers, which are far below the limits for any pattern written by hand.
 *
 * @param nestedRepetition the largest product of the counts ({@code {n}}, {@code {n,}}, {@code {n,m}}: its largest
 *                         number) of repetitions nested in each other; 1 without counted repetitions
 * @param expandedSize     characters, classes and escapes once every counted repetition is written out, over all
 *                         branches
 */
record RegexSize(long nestedRepetition, long expandedSize) {

    /** The product of nested repetition counts at most: RE2's own limit, which RE2/J leaves out. */
    static final long MAX_NESTED_REPETITION = 1000;
    /** Parts of a pattern once its repetitions are written out at most (RE2/J needs about 90 bytes for each). */
    static final long MAX_EXPANDED_SIZE = 10_000;

    private static final RegexSize NONE = new RegexSize(1, 0);
    // saturates the arithmetic: far above both limits, far below overflow
    private static final long CAP = 1L << 40;

    /** @param regex a pattern in RE2 syntax; an invalid one gives some size and is refused by the compiler */
    static RegexSize of(String regex) {
        return scan(regex, 0);
    }

    /**
     * The largest size among the regular expressions of a jsoup selector: the arguments of {@code :matches()},
     * {@code :matchesOwn()}, {@code :matchesWholeText()}, {@code :matchesWholeOwnText()}, {@code :matchesAttr()} and
     * the values of {@code [attr~=regex]}. Each is read from where it starts to the end of the selector, so however
     * jsoup delimits it (quotes, escaped parentheses) the whole expression is counted, with some selector text after
     * it.
     */
    static RegexSize inSelector(String selector) {
        String lower = selector.toLowerCase(Locale.ROOT);
        RegexSize largest = NONE;
        for (int at = lower.indexOf(":matches"); at >= 0; at = lower.indexOf(":matches", at + 1)) {
            int open = selector.indexOf('(', at);
            if (open >= 0) {
                largest = larger(largest, scan(selector, open + 1));
            }
        }
        for (int at = selector.indexOf("~="); at >= 0; at = selector.indexOf("~=", at + 1)) {
            largest = larger(largest, scan(selector, at + 2));
        }
        return largest;
    }

    private static RegexSize larger(RegexSize a, RegexSize b) {
        return new RegexSize(Math.max(a.nestedRepetition, b.nestedRepetition), Math.max(a.expandedSize, b.expandedSize));
    }

    private static RegexSize scan(String re, int from) {
        ArrayDeque<Group> outer = new ArrayDeque<>();
        Group g = new Group();
        int n = re.length();
        int i = from;
        while (i < n) {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < n && re.charAt(i + 1) == 'Q') {
                        int end = re.indexOf("\\E", i + 2);
                        int stop = end < 0 ? n : end;
                        for (int k = i + 2; k < stop; k++) {
                            g.atom();
                        }
                        i = end < 0 ? n : end + 2;
                    } else {
                        g.atom();
                        i = afterEscape(re, i);
                    }
                }
                case '[' -> {
                    g.atom();
                    i = afterClass(re, i);
                }
                case '(' -> {
                    outer.push(g);
                    g = new Group();
                    i++;
                }
                case ')' -> {
                    if (outer.isEmpty()) {
                        // the end of a selector's argument: what follows repeats nothing of it
                        g.forgetLast();
                    } else {
                        Group inner = g;
                        g = outer.pop();
                        g.add(inner);
                    }
                    i++;
                }
                case '|' -> {
                    g.forgetLast();
                    i++;
                }
                case '{' -> {
                    int end = repeatEnd(re, i);
                    if (end < 0) {
                        g.atom();
                        i++;
                    } else {
                        g.repeat(repeatCount(re.substring(i + 1, end)));
                        i = end + 1;
                    }
                }
                case '*', '+', '?' -> i++;
                default -> {
                    g.atom();
                    i += Character.charCount(re.codePointAt(i));
                }
            }
        }
        while (!outer.isEmpty()) {
            Group inner = g;
            g = outer.pop();
            g.add(inner);
        }
        return new RegexSize(g.maxProduct, g.size);
    }

    /** After {@code \x}, {@code \p{Greek}}, {@code \x{263a}}: braces there are no repetition. */
    private static int afterEscape(String re, int i) {
        if (i + 1 >= re.length()) {
            return re.length();
        }
        char e = re.charAt(i + 1);
        if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < re.length() && re.charAt(i + 2) == '{') {
            int close = re.indexOf('}', i + 3);
            return close < 0 ? re.length() : close + 1;
        }
        return i + 1 + Character.charCount(re.codePointAt(i + 1));
    }

    /** After a character class; as in RE2, a {@code ]} first in it is literal and {@code [:alpha:]} nests. */
    private static int afterClass(String re, int i) {
        int n = re.length();
        int j = i + 1;
        if (j < n && re.charAt(j) == '^') {
            j++;
        }
        if (j < n && re.charAt(j) == ']') {
            j++;
        }
        while (j < n) {
            char c = re.charAt(j);
            if (c == '\\') {
                j = afterEscape(re, j);
            } else if (c == '[' && j + 1 < n && re.charAt(j + 1) == ':') {
                int close = re.indexOf(":]", j + 2);
                j = close < 0 ? j + 1 : close + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return n;
    }

    /** The index of the {@code }} of a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at i; -1 for a literal brace. */
    private static int repeatEnd(String re, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < re.length() && isDigit(re.charAt(j))) {
            j++;
            digits++;
        }
        if (digits == 0 || j >= re.length()) {
            return -1;
        }
        if (re.charAt(j) == ',') {
            j++;
            while (j < re.length() && isDigit(re.charAt(j))) {
                j++;
            }
        }
        return j < re.length() && re.charAt(j) == '}' ? j : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The copies a repetition writes out: its largest number ({@code {n,}} is n copies and a loop). */
    private static long repeatCount(String inside) {
        long count = 0;
        for (String part : inside.split(",")) {
            if (!part.isEmpty()) {
                count = Math.max(count, part.length() > 12 ? CAP : Long.parseLong(part));
            }
        }
        return Math.max(count, 1);
    }

    /** One level of parentheses (the whole pattern at the outermost). */
    private static final class Group {
        long size;
        long maxProduct = 1;
        // the size and nesting product of the item a following quantifier repeats; 0 when there is none
        long lastSize;
        long lastProduct;

        void atom() {
            size = Math.min(CAP, size + 1);
            lastSize = 1;
            lastProduct = 1;
        }

        void add(Group inner) {
            // a group counts as one part at least: an empty one, (), still compiles to instructions that a repetition
            // copies, and ((){1000}){1000} must not pass as nothing
            long innerSize = Math.max(1, inner.size);
            size = Math.min(CAP, size + innerSize);
            lastSize = innerSize;
            lastProduct = Math.max(1, inner.maxProduct);
            maxProduct = Math.max(maxProduct, inner.maxProduct);
        }

        void repeat(long count) {
            if (lastSize == 0) {
                return;
            }
            size = Math.min(CAP, size + times(lastSize, count - 1));
            lastSize = times(lastSize, count);
            lastProduct = times(lastProduct, count);
            maxProduct = Math.max(maxProduct, lastProduct);
        }

        void forgetLast() {
            lastSize = 0;
            lastProduct = 0;
        }

        private static long times(long a, long b) {
            return b != 0 && a > CAP / b ? CAP : Math.min(CAP, a * b);
        }
    }
}
