package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop HTTP load: {@code connections} clients, each sending its next search as soon as the previous one is
 * answered, over a list of queries in turn, until {@code count} searches were sent. Each answer's latency is kept.
 */
final class HttpLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpLoad() {
    }

    /**
     * @param key an API key sent as X-API-Key, or null
     * @param type the search type of every request (keyword, semantic, hybrid)
     */
    static Result searches(URI base, String key, List<String> queries, String type, int count, int connections) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] millis = new double[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String body = JSON.writeValueAsString(Map.of("query", queries.get(i % queries.size()),
                                "search_type", type, "limit", 10));
                        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve("/api/v1/search"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                        if (key != null) {
                            req.header("X-API-Key", key);
                        }
                        long t0 = System.nanoTime();
                        HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                        millis[i] = (System.nanoTime() - t0) / 1e6;
                        if (resp.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(millis, (System.nanoTime() - start) / 1e9, errors.get());
    }

    /** Latencies in ms of each request, the wall time of the whole load, and the answers that were not 200. */
    record Result(double[] millis, double seconds, int errors) {

        double perSecond() {
            return millis.length / seconds;
        }

        double percentile(int p) {
            return HttpLoad.percentile(millis, p);
        }

        Summary summary() {
            return new Summary(millis.length, perSecond(), percentile(50), percentile(95), percentile(99), errors);
        }
    }

    /**
     * What one load run measured, whichever client made it (this class or {@link WrkLoad}): requests, their rate,
     * latency percentiles in ms, and answers that were not 2xx.
     */
    record Summary(int requests, double perSecond, double p50, double p95, double p99, int errors) {
    }

    /** The nearest-rank {@code p}th percentile of {@code values} (unsorted); NaN when there are none. */
    static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }
}
