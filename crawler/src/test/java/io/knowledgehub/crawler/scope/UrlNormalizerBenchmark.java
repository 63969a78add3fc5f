package io.knowledgehub.crawler.scope;

import crawlercommons.filters.basic.BasicURLNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints the cost per URL of {@link UrlNormalizer#normalize} next to crawler-commons' {@link BasicURLNormalizer} on its
 * own, configured to drop the tracking and session parameters by name (the most the library offers for them), on a
 * mix of page links, some with tracking parameters, session ids or index files. A program, not a test: figures
 * depend on the machine and on what else runs on it.
 *
 * <pre>
 * ./mvnw -q -o -pl crawler test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd crawler
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.knowledgehub.crawler.scope.UrlNormalizerBenchmark [urls=20000] [rounds=5]
 * </pre>
 */
public final class UrlNormalizerBenchmark {

    private UrlNormalizerBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> urls = urls(count, new Random(42));
        List<String> names = new ArrayList<>(UrlNormalizer.TRACKING_PARAMETERS);
        names.addAll(UrlNormalizer.SESSION_PARAMETERS);
        names.addAll(List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"));
        BasicURLNormalizer library = BasicURLNormalizer.newBuilder().queryParamsToRemove(names).build();

        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            int sink = 0;
            for (String url : urls) {
                String n = UrlNormalizer.normalize(url);
                sink += n == null ? 0 : n.length();
            }
            long t1 = System.nanoTime();
            for (String url : urls) {
                String n = library.filter(url);
                sink += n == null ? 0 : n.length();
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: UrlNormalizer %.2f µs/url, BasicURLNormalizer alone %.2f µs/url (%d)%n", round,
                    (t1 - t0) / 1e3 / urls.size(), (t2 - t1) / 1e3 / urls.size(), sink);
        }
    }

    private static List<String> urls(int count, Random random) {
        String[] hosts = {"https://docs.example.org", "HTTP://Example.COM:80", "https://api.example.net:443", "http://x.org:8080"};
        String[] paths = {"/guide/index.html", "/guide/a/../b/./page.html", "/Docs/Intro.html", "/api/ref.html;jsessionid=0A1B2C",
                "/blog/2024/post", "/search", "/a%7eb/c%2fd.html", "/"};
        String[] queries = {"", "", "?page=2", "?utm_source=news&utm_medium=mail", "?b=2&a=1&fbclid=XYZ",
                "?PHPSESSID=abc&q=1", "?version=2&UTM_Campaign=y&gclid=1"};
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(hosts[random.nextInt(hosts.length)] + paths[random.nextInt(paths.length)]
                    + queries[random.nextInt(queries.length)] + (random.nextInt(4) == 0 ? "#section-" + i : ""));
        }
        return out;
    }
}
