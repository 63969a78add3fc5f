package io.knowledgehub.benchmarks;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.QueryShape;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.Snippets;
import io.knowledgehub.core.search.query.QueryParser;
import io.knowledgehub.core.search.query.SearchQuery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snippets of a search's results on real chunks: the evaluation's queries (terms and questions) against an index
 * the app built, each query's first keyword hits (10, a page of results), and for each the plain and the Markdown
 * snippet the search makes. Prints milliseconds per search for the snippets and, where the build has
 * {@link Snippets#wordSpans}, for splitting the same texts into words with the pattern {@code [\p{L}\p{N}_]+} and with
 * that loop, checking they agree on every text. Works on a copy of the index.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.SnippetBenchmark
 *      [--from eval-data/index] [--eval ../shared/eval] [--results 10] [--rounds 8]</pre>
 * Another build's snippets: the same class with that build's {@code benchmarks/target/lib/*} on the class path (the
 * word-splitting comparison is skipped where the build has no {@code wordSpans}).
 */
public final class SnippetBenchmark {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

    public static void main(String[] args) throws Exception {
        Path from = Path.of(Args.arg(args, "--from", "eval-data/index"));
        Path eval = Path.of(Args.arg(args, "--eval", "../shared/eval"));
        int results = Integer.parseInt(Args.arg(args, "--results", "10"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "8"));
        int snippetWords = 40; // the product's default (KH_SEARCH_SNIPPET_WORDS)
        List<String> queries = Args.evalQueries(eval);
        Path copy = Args.copyIndex(from, "kh-snippets-");
        try {
            List<List<String>> needles = new ArrayList<>();
            List<List<String>> contents = new ArrayList<>();
            long hits = 0;
            try (LuceneSearchIndex index = new LuceneSearchIndex(copy, 0)) {
                for (String raw : queries) {
                    SearchQuery q = QueryParser.parse(raw);
                    needles.add(Snippets.needles(q));
                    List<String> texts = new ArrayList<>();
                    for (ChunkHit h : index.keyword(SearchService.keywordQuery(q, QueryShape.of(q)), SearchFilter.NONE, results)) {
                        texts.add(h.chunk().content());
                    }
                    hits += texts.size();
                    contents.add(texts);
                }
            }
            System.out.printf("%d queries, %d results (at most %d a query), %d words a snippet%n", queries.size(), hits, results,
                    snippetWords);
            boolean spans = hasWordSpans();
            System.out.printf("%-6s %16s %19s %18s %18s%n", "round", "plain ms/search", "markdown ms/search",
                    spans ? "pattern ms/search" : "", spans ? "loop ms/search" : "");
            long sink = 0;
            long snippetsHash = 0; // the snippets themselves: the same in any build that makes the same snippets
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < contents.size(); i++) {
                    for (String c : contents.get(i)) {
                        String snippet = Snippets.snippet(c, needles.get(i), snippetWords);
                        snippetsHash = round == 1 ? snippetsHash * 31 + snippet.hashCode() : snippetsHash;
                    }
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < contents.size(); i++) {
                    for (String c : contents.get(i)) {
                        String snippet = Snippets.markdownSnippet(c, needles.get(i), snippetWords);
                        snippetsHash = round == 1 ? snippetsHash * 31 + snippet.hashCode() : snippetsHash;
                    }
                }
                long t2 = System.nanoTime();
                String wordsLine = "";
                if (spans) {
                    for (List<String> texts : contents) {
                        for (String c : texts) {
                            Matcher m = WORD.matcher(c);
                            while (m.find()) {
                                sink += m.end();
                            }
                        }
                    }
                    long t3 = System.nanoTime();
                    for (List<String> texts : contents) {
                        for (String c : texts) {
                            int[] s = Snippets.wordSpans(c);
                            sink += s.length == 0 ? 0 : s[s.length - 1];
                        }
                    }
                    long t4 = System.nanoTime();
                    wordsLine = String.format(" %18.3f %18.3f", perSearch(t3 - t2, queries.size()), perSearch(t4 - t3, queries.size()));
                }
                System.out.printf("%-6d %16.3f %19.3f%s%n", round, perSearch(t1 - t0, queries.size()),
                        perSearch(t2 - t1, queries.size()), wordsLine);
            }
            if (spans) {
                for (List<String> texts : contents) {
                    for (String c : texts) {
                        List<Integer> expected = new ArrayList<>();
                        Matcher m = WORD.matcher(c);
                        while (m.find()) {
                            expected.add(m.start());
                            expected.add(m.end());
                        }
                        if (!Arrays.equals(expected.stream().mapToInt(Integer::intValue).toArray(), Snippets.wordSpans(c))) {
                            throw new IllegalStateException("the loop splits this text otherwise than the pattern: " + c);
                        }
                    }
                }
                System.out.println("same words both ways in every text");
            }
            System.out.printf("snippets' hash %016x (checksum of the word splits %d)%n", snippetsHash, sink);
        } finally {
            Args.deleteTree(copy);
        }
    }

    private static double perSearch(long nanos, int searches) {
        return nanos / 1e6 / searches;
    }

    private static boolean hasWordSpans() {
        try {
            Snippets.class.getMethod("wordSpans", String.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
