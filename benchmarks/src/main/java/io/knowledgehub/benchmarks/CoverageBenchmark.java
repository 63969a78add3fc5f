package io.knowledgehub.benchmarks;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.QueryShape;
import io.knowledgehub.core.search.ScoreModel;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.query.QueryParser;
import io.knowledgehub.core.search.query.SearchQuery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyword score's word coverage on real candidates: the evaluation's queries (terms and questions) against an
 * index the app built, each query's keyword candidates (400, the search's default pool) scored the two ways the
 * search can: each text compared in place ignoring case, and a case-folded copy of the texts (what the index keeps
 * with the chunks it decoded) looked up. Prints nanoseconds per candidate and milliseconds per 400 candidates (a
 * search) for each, the one-time cost of folding a chunk, and checks that both give the same coverage for every
 * candidate. Works on a copy of the index.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.CoverageBenchmark
 *      [--from eval-data/index] [--eval ../shared/eval] [--candidates 400] [--rounds 8]</pre>
 */
public final class CoverageBenchmark {

    public static void main(String[] args) throws Exception {
        Path from = Path.of(Args.arg(args, "--from", "eval-data/index"));
        Path eval = Path.of(Args.arg(args, "--eval", "../shared/eval"));
        int candidates = Integer.parseInt(Args.arg(args, "--candidates", "400"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "8"));
        List<String> queries = Args.evalQueries(eval);
        Path copy = Args.copyIndex(from, "kh-coverage-");
        try {
            List<ScoreModel.CoverageWords> words = new ArrayList<>();
            List<List<List<String>>> texts = new ArrayList<>();
            long candidateCount = 0;
            try (LuceneSearchIndex index = new LuceneSearchIndex(copy, 0)) {
                for (String raw : queries) {
                    SearchQuery q = QueryParser.parse(raw);
                    QueryShape shape = QueryShape.of(q);
                    // the candidates and the words the search scores their coverage with
                    words.add(new ScoreModel.CoverageWords(SearchService.coverageWords(q, shape)));
                    List<List<String>> perQuery = new ArrayList<>();
                    for (ChunkHit h : index.keyword(SearchService.keywordQuery(q, shape), SearchFilter.NONE, candidates)) {
                        perQuery.add(ChunkHit.texts(h.chunk()));
                    }
                    candidateCount += perQuery.size();
                    texts.add(perQuery);
                }
            }
            System.out.printf("%d queries, %d keyword candidates (at most %d a query)%n", queries.size(), candidateCount, candidates);
            System.out.printf("%-6s %18s %18s %18s %18s%n", "round", "in place ns/cand", "folded ns/cand", "in place ms/400",
                    "folded ms/400");
            double perSearch = (double) candidates / 1e6;
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                double inPlace = 0;
                for (int i = 0; i < texts.size(); i++) {
                    for (List<String> t : texts.get(i)) {
                        inPlace += ScoreModel.coverage(words.get(i), t);
                    }
                }
                long t1 = System.nanoTime();
                List<List<String>> folded = new ArrayList<>();
                for (List<List<String>> perQuery : texts) {
                    List<String> f = new ArrayList<>(perQuery.size());
                    for (List<String> t : perQuery) {
                        f.add(ScoreModel.fold(t));
                    }
                    folded.add(f);
                }
                long t2 = System.nanoTime();
                double byFolded = 0;
                for (int i = 0; i < texts.size(); i++) {
                    for (int c = 0; c < texts.get(i).size(); c++) {
                        double a = ScoreModel.coverage(words.get(i), texts.get(i).get(c), folded.get(i).get(c));
                        byFolded += a;
                    }
                }
                long t3 = System.nanoTime();
                if (Math.abs(inPlace - byFolded) > 1e-9) {
                    throw new IllegalStateException("the two ways disagree: " + inPlace + " vs " + byFolded);
                }
                double a = (double) (t1 - t0) / candidateCount;
                double b = (double) (t3 - t2) / candidateCount;
                System.out.printf("%-6d %18.0f %18.0f %18.3f %18.3f   (folding: %.0f ns a chunk, once)%n", round, a, b,
                        a * perSearch, b * perSearch, (double) (t2 - t1) / candidateCount);
            }
            for (int i = 0; i < texts.size(); i++) {
                for (int c = 0; c < texts.get(i).size(); c++) {
                    List<String> t = texts.get(i).get(c);
                    if (ScoreModel.coverage(words.get(i), t) != ScoreModel.coverage(words.get(i), t, ScoreModel.fold(t))) {
                        throw new IllegalStateException("coverage differs for query " + queries.get(i) + " on " + t);
                    }
                }
            }
            System.out.println("same coverage both ways for every candidate");
        } finally {
            Args.deleteTree(copy);
        }
    }
}
