package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.knowledgehub.benchmarks.ClusterBenchmark.round;

/**
 * Crawl throughput, in pages/s, of a cluster with N crawler processes. A crawl job is one source and one crawler takes
 * a job, so more crawlers only help with several sources: the PostgreSQL manual is registered as {@code --sources}
 * sources, each served by its own fixture site (its own port) over the same folder, {@code crawl_delay} 0 (the
 * per-host politeness key includes the port). No indexer process runs, so the figure is the crawl's alone (the
 * indexing jobs just queue up).
 *
 * <p>Each run starts a fresh cluster (the api and N crawlers) and crawls twice: first with the just-started crawler JVMs
 * ("cold"), then, with {@code --warmup true}, the same amount again as new sources on other ports (so every page is new
 * again) with the warmed-up JVMs ("warm"); the JIT warm-up is a large part of a crawl this short. A pass is timed from
 * the creation of its first source until all its crawl jobs are done; its pages are the jobs' {@code pages_checked},
 * and the pages per crawler come from each crawler's {@code crawl_pages_total} counter.
 */
final class CrawlPhase {

    private static final String CHECKED_PAGES = "crawl_pages_total{result=\"checked\"}";

    private final BenchCluster.Setup setup;
    private final List<FixtureSiteServer> sites;
    private final int sources;
    private final boolean warmup;

    /** @param sites at least {@code sources} sites serving the manual, twice that with {@code warmup} */
    CrawlPhase(BenchCluster.Setup setup, List<FixtureSiteServer> sites, int sources, boolean warmup) {
        this.setup = setup;
        this.sites = sites;
        this.sources = sources;
        this.warmup = warmup;
    }

    void printPlan() {
        System.out.printf("%n-- crawl: %d sources x the manual, crawl_delay 0, crawl workers per crawler: %s; NO indexer process "
                        + "runs during the crawl (indexing jobs queue up). Per cluster: a crawl by the just-started (cold) crawler JVMs%s%n",
                sources, setup.crawlWorkers() == null ? "2 (default)" : setup.crawlWorkers(),
                warmup ? ", then the same crawl again as new sources on other ports by the warmed-up JVMs" : "");
    }

    /** One crawl configuration on a fresh cluster: the cold pass and, with warm-up, the warm one. */
    Map<String, Object> run(int crawlerCount, int round) throws Exception {
        sites.forEach(FixtureSiteServer::clearLog);
        try (BenchCluster c = new BenchCluster(setup, "crawl-" + crawlerCount + "-crawler" + (crawlerCount == 1 ? "" : "s")
                + "-round-" + round)) {
            c.startApi();
            c.startCrawlers(crawlerCount);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("crawlers", crawlerCount);
            r.put("round", round);
            r.put("cold", pass(c, "cold", 0));
            if (warmup) {
                r.put("warm", pass(c, "warm", sources));
            }
            r.put("peak_rss_mib", c.peakRss());
            r.put("logs", c.dir().toString());
            return r;
        }
    }

    /** Crawls the manual as {@code sources} new sources on the sites from {@code firstSite} on, and measures it. */
    private Map<String, Object> pass(BenchCluster c, String pass, int firstSite) throws Exception {
        Map<String, Double> pagesBefore = new LinkedHashMap<>();
        for (BenchCluster.Service s : c.crawlers()) {
            pagesBefore.put(s.name(), Math.max(0, s.metric(CHECKED_PAGES)));
        }
        CpuSnapshot before = c.cpu();
        long t0 = System.nanoTime();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sources; i++) {
            ids.add(c.createSource(pass + "-" + (i + 1), sites.get(firstSite + i).baseUri().resolve("index.html"), 50, 100_000)
                    .path("job_id").asText());
        }
        List<JsonNode> jobs = c.awaitJobs("crawl", ids, t0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        CpuSnapshot after = c.cpu();
        int pages = 0;
        int failed = 0;
        List<Double> jobSeconds = new ArrayList<>();
        for (JsonNode j : jobs.reversed()) {
            c.requireCompleted(j);
            pages += j.path("result").path("pages_checked").asInt();
            failed += j.path("result").path("pages_failed").asInt();
            jobSeconds.add(j.path("result").path("duration_seconds").asDouble());
        }
        Map<String, Long> perCrawler = new LinkedHashMap<>();
        for (BenchCluster.Service s : c.crawlers()) {
            perCrawler.put(s.name(), Math.round(s.metric(CHECKED_PAGES) - pagesBefore.get(s.name())));
        }
        Map<String, Object> cpu = after.minus(before, seconds);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sources", sources);
        r.put("pages", pages);
        r.put("pages_failed", failed);
        r.put("seconds", round(seconds));
        r.put("pages_per_second", round(pages / seconds));
        r.put("job_seconds_in_creation_order", jobSeconds);
        r.put("pages_per_crawler", perCrawler);
        r.put("cpu_seconds", cpu);
        int n = c.crawlers().size();
        System.out.printf("%d crawler%s, %s JVM%s: %d pages (failed %d) in %.2f s = %.1f pages/s; crawl jobs took %s s "
                        + "(in creation order); pages per crawler %s%n", n, n == 1 ? "" : "s", pass, n == 1 ? "" : "s", pages, failed,
                seconds, pages / seconds, jobSeconds, perCrawler);
        CpuSnapshot.print(cpu);
        return r;
    }
}
