package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Search load from {@code wrk} (Debian package {@code wrk}), a load generator in C: it takes a fraction of the CPU
 * the JDK's HTTP client does per request, which matters when it shares a small machine with the app. A Lua script
 * written for the run sends the queries in the given order, each of wrk's threads starting at its own place in the list,
 * and reports the counts and latency percentiles on one line this class reads back.
 */
final class WrkLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUMMARY = Pattern.compile("wrk-summary requests=(\\d+) seconds=([\\d.]+) p50=([\\d.]+) "
            + "p95=([\\d.]+) p99=([\\d.]+) non2xx=(\\d+) socket=(\\d+)");

    private WrkLoad() {
    }

    /** Whether {@code wrk} can be run here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code connections} connections in a closed loop for {@code seconds}, on as many threads as there are cores
     * (at most one per connection).
     */
    static HttpLoad.Summary searches(URI base, List<String> queries, String type, int connections, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("kh-wrk");
        try {
            Path script = dir.resolve("search.lua");
            Files.writeString(script, script(queries, type));
            int threads = Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
            List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                    "--timeout", "30s", "-s", script.toString(), base.resolve("/").toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            Matcher m = SUMMARY.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("wrk printed no summary: " + out);
            }
            int requests = Integer.parseInt(m.group(1));
            return new HttpLoad.Summary(requests, requests / Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                    Integer.parseInt(m.group(6)) + Integer.parseInt(m.group(7)));
        } finally {
            Args.deleteTree(dir);
        }
    }

    /** The Lua script: the request bodies, one per query, and the summary line. */
    static String script(List<String> queries, String type) throws IOException {
        StringBuilder lua = new StringBuilder("local bodies = {\n");
        for (String q : queries) {
            String body = JSON.writeValueAsString(Map.of("query", q, "search_type", type, "limit", 10));
            if (body.contains("]==]")) {
                throw new IllegalArgumentException("query cannot go into a Lua long string: " + q);
            }
            lua.append("  [==[").append(body).append("]==],\n");
        }
        lua.append("""
                }
                local created = 0
                function setup(thread)
                  thread:set("first", created * 97)
                  created = created + 1
                end
                local position = 0
                function init(args)
                  position = first
                end
                function request()
                  position = position + 1
                  return wrk.format("POST", "/api/v1/search", {["Content-Type"] = "application/json"}, bodies[(position % #bodies) + 1])
                end
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("wrk-summary requests=%d seconds=%.3f p50=%.2f p95=%.2f p99=%.2f non2xx=%d socket=%d\\n",
                    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
                    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
                end
                """);
        return lua.toString();
    }
}
