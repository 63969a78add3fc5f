package io.knowledgehub.adapters.embeddings;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Plain prose on three unrelated topics; word-piece counts (MiniLM vocabulary) noted for the window tests. */
final class TestTexts {

    /** 128 words, 150 word pieces. */
    static final String DATABASE = "A database index is a separate structure that lets the server find rows without "
            + "reading the whole table. When you create an index on a column, the planner can use it for lookups, "
            + "range scans and sorting. Every index has a cost, because each insert, update and delete must also "
            + "change the index. A table with many indexes is therefore slower to write, even when reads become "
            + "faster. Before adding one, look at the query plan and check whether the index would really be used. "
            + "Partial indexes cover only the rows that match a condition, which keeps them small. Expression "
            + "indexes store the result of a function, so a query must use the same expression to benefit. Unused "
            + "indexes should be dropped to save space and write time.";

    /** 76 words, 91 word pieces. */
    static final String COOKING = "To make a simple tomato soup, soften an onion and two cloves of garlic in olive "
            + "oil. Add chopped tomatoes, a little sugar, salt and a handful of fresh basil leaves. Let everything "
            + "simmer gently for twenty minutes, then blend it until smooth. Serve the soup hot with crusty bread, a "
            + "spoon of cream and some black pepper on top. It keeps well in the fridge for three days and tastes "
            + "even better the next day.";

    /** 77 words, 83 word pieces. */
    static final String ASTRONOMY = "Jupiter is the largest planet in our solar system and mostly made of hydrogen "
            + "and helium. Its great red spot is a storm that has lasted for centuries and is wider than the earth. "
            + "The planet has dozens of moons, and four of them were first seen by Galileo with a small telescope. "
            + "Astronomers study these moons because some may hide oceans of liquid water under thick ice. A day on "
            + "Jupiter lasts less than ten hours.";

    private TestTexts() {
    }

    static String firstWords(String text, int words) {
        return Arrays.stream(text.split(" ")).limit(words).collect(Collectors.joining(" "));
    }
}
