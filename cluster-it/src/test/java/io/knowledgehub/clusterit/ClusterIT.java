package io.knowledgehub.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.AppProcess;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.knowledgehub.testkit.RedisServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster mode end to end: a real PostgreSQL (embedded binaries) and a real redis-server, started here; the packaged
 * api (its cluster build), crawler and indexer services as separate {@code java -jar} processes; documentation sites on
 * loopback. Sources are created through the api, crawled and indexed by the workers, searched through the api. The
 * processes share the Lucene index of one directory (no Weaviate here), and the indexer embeds through the api's
 * t2v-transformers endpoints ({@code TRANSFORMERS_INFERENCE_API}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final String ADMIN_KEY = "kh_cluster-it-" + java.util.UUID.randomUUID();

    private Path work;
    private EmbeddedPostgres postgres;
    private RedisServerProcess redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Map<String, String> env;
    private AppProcess api;
    private AppProcess crawler;
    private AppProcess indexer;
    private Api http;
    private int pgPort;
    private Map<String, String> indexerEnv;

    @BeforeAll
    void startCluster() throws Exception {
        work = Files.createDirectories(Path.of(System.getProperty("kh.it.work-dir", "target/cluster-it")));
        deleteRecursively(work);
        Files.createDirectories(work);
        Path pg = Files.createDirectories(work.resolve("postgres"));
        pgPort = freePort();
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setOverrideWorkingDirectory(pg.toFile())
                .setDataDirectory(pg.resolve("data")).setCleanDataDirectory(true).start();
        redis = RedisServerProcess.start(work.resolve("redis"));

        env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + pgPort + "/postgres");
        env.put("REDIS_URL", redis.url());
        env.put("KH_CLUSTER_INDEX_DIR", work.resolve("index").toString());
        // a dead worker's job moves on quickly
        env.put("KH_JOBS_LEASE", "2s");
        env.put("KH_JOBS_REAP_INTERVAL", "1s");
        env.put("KH_CLUSTER_INDEX_REFRESH_INTERVAL", "500ms");
        env.put("SEARCH_CACHE_TTL", "120");
        // these tests poll the api: per-client limits off (the rate-limit test starts api processes of its own)
        env.put("API_RATE_LIMIT", "0");
        env.put("SEARCH_RATE_LIMIT", "0");

        // the cluster packaging requires API keys: the api gets a bootstrap admin key, as the Helm chart's Secret gives it
        env.put("KH_ADMIN_API_KEY", ADMIN_KEY);

        api = start("api", jar("api"), freePort(), env);
        open.add(api);
        http = new Api(api.uri("/"), ADMIN_KEY);
        crawler = start("crawler", jar("crawler"), freePort(), env);
        indexerEnv = new HashMap<>(env);
        // the indexer embeds through the api, which serves the t2v-transformers API from its in-process model, with a
        // read key created through the api
        indexerEnv.put("TRANSFORMERS_INFERENCE_API", "http://127.0.0.1:" + api.port());
        JsonNode readKey = http.post("/api/v1/keys", Map.of("name", "indexer", "scope", "read")).body();
        indexerEnv.put("TRANSFORMERS_INFERENCE_API_KEY", readKey.get("key").asText());
        indexer = start("indexer", jar("indexer"), freePort(), indexerEnv);
        open.add(indexer);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (crawler != null) {
            crawler.close();
        }
        for (AutoCloseable c : open.reversed()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (restartedPostgres != null) {
            restartedPostgres.destroy(); // SIGTERM: the services are gone, so a smart shutdown ends at once
            restartedPostgres.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void a_source_is_crawled_by_the_crawler_indexed_by_the_indexer_and_searched_through_the_api() throws Exception {
        FixtureSiteServer site = docsSite(6, "quokka");
        open.add(site);

        JsonNode created = http.post("/api/v1/sources", Map.of("name", "Cluster docs", "base_url", site.uri("docs/index.html").toString(),
                "config", Map.of("max_depth", 2, "crawl_delay", 0))).body();
        String sourceId = created.get("id").asText();
        String jobId = created.get("job_id").asText();

        JsonNode crawl = http.await("/api/v1/jobs/" + jobId, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT, "the crawl");
        assertThat(crawl.path("result").path("pages_new").asInt()).isEqualTo(7);
        awaitIndexed(sourceId);
        // the indexer kept each vector it embedded in PostgreSQL, for reuse by every indexer
        // (indexing starts with the crawl's first pages: there may be more than one indexing job)
        long embedded = 0;
        for (JsonNode job : http.get("/api/v1/jobs?source_id=" + sourceId + "&type=rag").body().get("jobs")) {
            JsonNode rag = job.get("result");
            assertThat(rag.get("chunks_embedded").asInt() + rag.get("chunks_reused").asInt()).isEqualTo(rag.get("chunks_indexed").asInt());
            embedded += rag.get("chunks_embedded").asLong();
        }
        assertThat(count("select count(*) from embedding_cache")).isEqualTo(embedded).isPositive();

        JsonNode found = awaitSearch("quokka", "keyword");
        assertThat(found.get("results").get(0).get("url").asText()).contains("page-4.html");
        assertThat(found.get("results").get(0).get("source").asText()).isEqualTo("Cluster docs");
        // answers are cached in Redis for SEARCH_CACHE_TTL seconds
        http.post("/api/v1/search", Map.of("query", "quokka", "search_type", "keyword"));
        assertThat(new Api(api.managementUri("/")).get("/metrics").text()).containsPattern("search_cache_hits_total [1-9]")
                .doesNotContain("search_waiting"); // the cluster's api sets no bound on searches at once
        try (JedisPooled r = new JedisPooled("127.0.0.1", redis.port())) {
            Set<String> keys = r.keys("search_cache:*");
            assertThat(keys).isNotEmpty();
            assertThat(r.ttl(keys.iterator().next())).isBetween(1L, 120L);
        }
        JsonNode hybrid = http.post("/api/v1/search", Map.of("query", "configuration of page four", "search_type", "hybrid")).body();
        assertThat(hybrid.get("results").size()).isGreaterThan(0);
        assertThat(http.get("/api/v1/documents/?source_id=" + sourceId).body().get("total").asInt()).isEqualTo(7);

        // each service reports the components it uses
        assertThat(services(api)).containsKeys("api", "database", "redis", "job_queue", "search_index", "embeddings")
                .doesNotContainKeys("crawler", "indexer");
        assertThat(services(crawler)).containsKeys("database", "redis", "job_queue", "crawler");
        assertThat(services(indexer)).containsKeys("database", "redis", "job_queue", "indexer", "search_index", "embeddings");
        JsonNode queue = new Api(crawler.uri("/")).get("/health/job_queue").body();
        assertThat(queue.path("details").path("implementation").asText()).isEqualTo("RedisJobQueue");
        JsonNode embeddings = new Api(indexer.uri("/")).get("/health/embeddings").body();
        assertThat(embeddings.path("details").path("inference_api").asText()).isEqualTo("http://127.0.0.1:" + api.port());

        String crawlerMetrics = new Api(crawler.uri("/")).get("/metrics").text();
        assertThat(crawlerMetrics).contains("queue_size{queue_name=\"crawl_jobs:pending\"} 0.0")
                .contains("queue_size{queue_name=\"rag_jobs:pending\"}")
                .contains("crawl_pages_total{result=\"new\"} 7.0")
                .contains("jobs_finished_total{status=\"completed\",type=\"crawl\"} 1.0");
        String indexerMetrics = new Api(indexer.uri("/")).get("/metrics").text();
        assertThat(indexerMetrics).contains("index_documents_total{result=\"indexed\"} 7.0").contains("index_chunks_total")
                .contains("index_chunks_embedded_total").contains("index_chunks_reused_total")
                .containsPattern("jobs_finished_total\\{status=\"completed\",type=\"rag\"\\} [1-9]");
        assertThat(new Api(api.managementUri("/")).get("/metrics").text()).contains("queue_size{queue_name=\"crawl_jobs:pending\"}")
                .contains("api_requests_total");

        // the crawler and the api do not write the index: a page a crawl finds gone and a deleted source reach it
        // through the index outbox, which the indexer applies within its interval (1 s); cached answers are keyed by
        // the index version the api reads (refreshed every 500 ms here), so they follow within about a second too
        Files.delete(site.root().resolve("docs/page-4.html"));
        String refresh = http.post("/api/v1/sources/" + sourceId + "/refresh", Map.of()).body().get("job_id").asText();
        JsonNode recrawl = http.await("/api/v1/jobs/" + refresh, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                "the re-crawl");
        assertThat(recrawl.path("result").path("pages_deleted").asInt()).isEqualTo(1);
        awaitNoResult("quokka", "page-4.html", Duration.ofSeconds(5));
        assertIndexHoldsTheDatabaseChunks();
        FixtureSiteServer other = docsSite(2, "wallaby");
        open.add(other);
        JsonNode second = http.post("/api/v1/sources", Map.of("name", "Doomed docs", "base_url", other.uri("docs/index.html").toString(),
                "config", Map.of("max_depth", 2, "crawl_delay", 0))).body();
        http.await("/api/v1/jobs/" + second.get("job_id").asText(), j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                "the second crawl");
        awaitIndexed(second.get("id").asText());
        awaitSearch("wallaby", "keyword");
        assertThat(http.delete("/api/v1/sources/" + second.get("id").asText()).status()).isEqualTo(204);
        awaitNoResult("wallaby", "", Duration.ofSeconds(5));
        assertIndexHoldsTheDatabaseChunks();
        assertThat(count("select count(*) from index_outbox")).isZero();

        // without a key the api answers only what is open: the health status, not its components, and no data
        Api anonymous = new Api(api.uri("/"));
        assertThat(anonymous.get("/api/v1/sources").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").body().has("services")).isFalse();
        assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
        assertThat(http.get("/metrics").status()).as("metrics are on the management port only").isEqualTo(404);
    }

    @Test
    @Order(2)
    void a_crawl_whose_crawler_is_killed_completes_on_a_new_crawler_without_missing_or_duplicated_pages() throws Exception {
        int pages = 14;
        FixtureSiteServer site = docsSite(pages, "wombat");
        open.add(site);
        // pages are written one per transaction, so the killed crawler leaves some stored
        JsonNode created = createSlowSource("Slow docs", site);
        String sourceId = created.get("id").asText();
        String jobId = created.get("job_id").asText();

        http.await("/api/v1/jobs/" + jobId, j -> j.get("processed_pages").asInt() >= 4, JOB_TIMEOUT, "the crawl to be under way");
        crawler.kill();
        JsonNode orphaned = http.get("/api/v1/jobs/" + jobId).body();
        assertThat(orphaned.get("status").asText()).isEqualTo("running");
        long storedBeforeKill = count("select count(*) from documents where source_id = ?", UUID.fromString(sourceId));
        assertThat(storedBeforeKill).as("pages stored by the killed crawler").isBetween(1L, (long) pages);

        // the new crawler logs JSON (JSON_LOGGING, as on Kubernetes): its lines for the job carry the job and its source
        Map<String, String> jsonLogs = new HashMap<>(env);
        jsonLogs.put("JSON_LOGGING", "true");
        crawler = start("crawler-2", jar("crawler"), freePort(), jsonLogs);
        JsonNode done = http.await("/api/v1/jobs/" + jobId, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                "the crawl to complete on the new crawler");
        List<JsonNode> jobLines = new ArrayList<>();
        for (String line : Files.readAllLines(crawler.log())) {
            if (line.startsWith("{")) {
                JsonNode entry = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                if (entry.path("mdc").path("job_id").asText().equals(jobId)) {
                    jobLines.add(entry);
                }
            }
        }
        assertThat(jobLines).as("JSON log lines of the redelivered job (\"Job ...: attempt 2\")").isNotEmpty();
        assertThat(jobLines.get(0).path("mdc").path("source_id").asText()).isEqualTo(sourceId);
        assertThat(jobLines.get(0).path("mdc").path("job_type").asText()).isEqualTo("crawl");
        assertThat(done.get("error_message").isNull()).isTrue();
        // the new crawler re-ran the crawl incrementally: what the killed one had stored was found unchanged
        assertThat(done.path("result").path("pages_unchanged").asInt()).isGreaterThanOrEqualTo(1);
        awaitIndexed(sourceId);

        // every page stored once
        Set<String> expected = IntStream.rangeClosed(1, pages).mapToObj(i -> site.uri("docs/page-" + i + ".html").toString())
                .collect(Collectors.toCollection(HashSet::new));
        // the base URL docs/index.html is stored as its folder
        expected.add(site.uri("docs/").toString());
        List<String> urls = query("select url from documents where source_id = ?", UUID.fromString(sourceId));
        assertThat(urls).hasSize(pages + 1).containsExactlyInAnyOrderElementsOf(expected);
        // every document indexed, each chunk once: in the database and in the search index
        assertThat(query("select id from documents where source_id = ? and index_status <> 'indexed'", UUID.fromString(sourceId))).isEmpty();
        long dbChunks = count("select count(*) from document_chunks");
        long dbDistinct = count("select count(distinct document_id || ':' || chunk_index) from document_chunks");
        assertThat(dbDistinct).isEqualTo(dbChunks);
        JsonNode index = http.await("/api/v1/index", i -> i.get("chunks").asLong() == dbChunks, Duration.ofSeconds(20),
                "the search index to hold exactly the database's chunks");
        assertThat(index.get("chunks").asLong()).isEqualTo(dbChunks);
        JsonNode raw = http.post("/api/v1/search", Map.of("query", "wombat", "search_type", "keyword", "limit", 100,
                "raw_chunks", true, "filters", Map.of("source_ids", List.of(sourceId)))).body();
        List<String> ids = new ArrayList<>();
        raw.get("results").forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    @Order(6)
    void the_scheduler_command_queues_due_refreshes_and_exits() throws Exception {
        FixtureSiteServer site = docsSite(2, "numbat");
        open.add(site);
        // a schedule that fired two minutes ago, and a first crawl requested before that
        ZonedDateTime fired = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(2);
        String cron = fired.getMinute() + " " + fired.getHour() + " * * *";
        JsonNode created = http.post("/api/v1/sources", Map.of("name", "Scheduled docs", "base_url", site.uri("docs/index.html").toString(),
                "config", Map.of("crawl_delay", 0, "scheduler", Map.of("enabled", true, "refresh_schedule", cron)))).body();
        UUID sourceId = UUID.fromString(created.get("id").asText());
        http.await("/api/v1/jobs/" + created.get("job_id").asText(), j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT, "the first crawl");
        update("update jobs set created_at = created_at - interval '10 minutes' where source_id = ?", sourceId);

        assertThat(runScheduler("refresh-due")).isZero();
        assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", sourceId)).isEqualTo(2);

        assertThat(runScheduler("once")).as("nothing more is due").isZero();
        assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", sourceId)).isEqualTo(2);

        // by hand (kubectl create job --from=cronjob/... -- refresh SOURCE_ID --force): a full crawl of one source
        http.await("/api/v1/jobs?source_id=" + sourceId + "&type=crawl", j -> j.get("jobs").findValuesAsText("status").stream()
                .noneMatch(st -> st.equals("pending") || st.equals("running")), JOB_TIMEOUT, "the scheduled crawl");
        assertThat(runScheduler("refresh", sourceId.toString(), "--force")).isZero();
        assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", sourceId)).isEqualTo(3);
        assertThat(count("select count(*) from jobs where type = 'crawl' and force_refresh and source_id = ?", sourceId)).isEqualTo(1);
        assertThat(runScheduler("refresh", UUID.randomUUID().toString())).as("an unknown source").isEqualTo(1);
        assertThat(runScheduler("refresh", "numbat-docs")).as("not a source id").isEqualTo(2);
        assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", sourceId)).isEqualTo(3);
    }

    /** How long Redis or PostgreSQL stays down in the outage tests: several leases (KH_JOBS_LEASE 2 s), so a held job's lease lapses. */
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    /**
     * Redis stopped in the middle of a crawl and started again, empty, on the same port (what a restarted Redis without
     * persistence, or a failover that lost writes, leaves): search, reads and the api's readiness keep answering; a
     * source created meanwhile is stored with its crawl job, which is queued once Redis answers; the interrupted crawl
     * is picked up again and completes; no job lost or run twice, no page stored twice.
     */
    @Test
    @Order(7)
    void a_redis_outage_in_the_middle_of_a_crawl_loses_no_job_and_search_keeps_answering() throws Exception {
        int pages = 12;
        // a source indexed before the outage, deleted during it
        FixtureSiteServer gone = docsSite(2, "bandicoot");
        open.add(gone);
        String goneId = http.post("/api/v1/sources", Map.of("name", "Deleted during the outage",
                "base_url", gone.uri("docs/index.html").toString(), "config", Map.of("max_depth", 2, "crawl_delay", 0)))
                .body().get("id").asText();
        awaitIndexed(goneId);
        awaitSearch("bandicoot", "keyword");
        FixtureSiteServer slow = docsSite(pages, "platypus");
        open.add(slow);
        FixtureSiteServer during = docsSite(3, "echidna");
        open.add(during);
        JsonNode created = createSlowSource("Outage docs", slow);
        UUID slowId = UUID.fromString(created.get("id").asText());
        String slowJob = created.get("job_id").asText();
        http.await("/api/v1/jobs/" + slowJob, j -> j.get("processed_pages").asInt() >= 3, JOB_TIMEOUT, "the crawl to be under way");

        int redisPort = redis.port();
        SearchLoop searches = new SearchLoop(http);
        Thread loop = Thread.ofPlatform().name("searches").start(searches);
        boolean redisDown = false;
        try {
            redis.close();
            redisDown = true;
            long outageStart = System.nanoTime();
            searches.outage(true);

            // reads and the api's readiness do not need Redis
            Api.Answer sources = http.get("/api/v1/sources");
            assertThat(sources.status()).as(sources.text()).isEqualTo(200);
            Api.Answer ready = http.get("/health/ready");
            assertThat(ready.status()).as("the api stays ready for search: " + ready.text()).isEqualTo(200);
            Api.Answer health = http.get("/health");
            assertThat(health.status()).as(health.text()).isEqualTo(503);
            assertThat(health.body().path("services").path("redis").asText()).isEqualTo("down");
            assertThat(health.body().path("services").path("search_index").asText()).isEqualTo("operational");
            // the crawler's workers wait for the queue, and say so
            Api crawlerHttp = new Api(crawler.uri("/"));
            Api.Answer crawlerHealth = crawlerHttp.get("/health");
            for (int i = 0; i < 40 && !crawlerHealth.body().path("services").path("crawler").asText().equals("down"); i++) {
                Thread.sleep(250);
                crawlerHealth = crawlerHttp.get("/health");
            }
            assertThat(crawlerHealth.status()).as(crawlerHealth.text()).isEqualTo(503);
            assertThat(crawlerHealth.body().path("services").path("crawler").asText()).as(crawlerHealth.text()).isEqualTo("down");
            assertThat(crawlerHealth.body().path("services").path("redis").asText()).isEqualTo("down");
            Api.Answer paused = crawlerHttp.get("/health/crawler");
            assertThat(paused.status()).isEqualTo(503);
            assertThat(paused.body().path("details").path("paused_since").asText()).isNotEmpty();

            // a new source is stored with its crawl job, which waits in the database for the queue
            Api.Answer added = http.post("/api/v1/sources", Map.of("name", "Added during the outage",
                    "base_url", during.uri("docs/index.html").toString(), "config", Map.of("max_depth", 2, "crawl_delay", 0)));
            assertThat(added.status()).as(added.text()).isEqualTo(201);
            UUID addedId = UUID.fromString(added.body().get("id").asText());
            String addedJob = added.body().get("job_id").asText();
            assertThat(http.get("/api/v1/jobs/" + addedJob).body().get("status").asText()).isEqualTo("pending");

            // a chunk is posted without Redis, and a source deleted: each database change and its index outbox entry
            // commit together, and the indexer applies the entry from PostgreSQL
            String goneDocument = http.get("/api/v1/documents/?source_id=" + goneId + "&limit=1").body()
                    .get("documents").get(0).get("id").asText();
            String text = "The numbatgrove setting is explained in a chunk of its own.";
            JsonNode vector = http.post("/api/v1/embeddings", Map.of("texts", List.of(text))).body().get("embeddings").get(0);
            Api.Answer chunk = http.post("/api/v1/chunks", Map.of("document_id", goneDocument, "chunk_index", 70,
                    "content", text, "embedding", vector));
            assertThat(chunk.status()).as(chunk.text()).isEqualTo(201);
            assertThat(awaitSearch("numbatgrove", "keyword").get("results").get(0).get("document_id").asText())
                    .isEqualTo(goneDocument);
            Api.Answer deleted = http.delete("/api/v1/sources/" + goneId);
            assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
            awaitNoResult("bandicoot", gone.uri("").toString(), Duration.ofSeconds(5));

            long left = OUTAGE.toNanos() - (System.nanoTime() - outageStart);
            if (left > 0) {
                Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left));
            }
            redis = RedisServerProcess.start(work.resolve("redis"), redisPort);
            redisDown = false;
            searches.outage(false);

            JsonNode slowDone = http.await("/api/v1/jobs/" + slowJob, j -> j.get("status").asText().equals("completed"),
                    JOB_TIMEOUT, "the interrupted crawl to complete after the outage");
            assertThat(slowDone.get("error_message").isNull()).isTrue();
            http.await("/api/v1/jobs/" + addedJob, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                    "the crawl of the source added during the outage");
            awaitIndexed(slowId.toString());
            awaitIndexed(addedId.toString());

            // no job lost or doubled: one crawl per source, none left behind
            assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", slowId)).isEqualTo(1);
            assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", addedId)).isEqualTo(1);
            assertThat(query("select id || ' ' || status from jobs where status in ('pending', 'running')")).isEmpty();
            // every page stored once
            assertThat(query("select url from documents where source_id = ?", slowId)).hasSize(pages + 1).doesNotHaveDuplicates();
            assertThat(query("select url from documents where source_id = ?", addedId)).hasSize(4).doesNotHaveDuplicates();
            assertThat(awaitSearch("echidna", "keyword").get("results").get(0).get("source").asText()).isEqualTo("Added during the outage");
            assertThat(http.get("/health").status()).isEqualTo(200);
            // nothing of the deleted source was left in the index
            assertIndexHoldsTheDatabaseChunks();
        } finally {
            searches.stop();
            loop.join(10_000);
            if (redisDown) {
                // a failure during the outage must not leave the tests after this one without Redis
                redis = RedisServerProcess.start(work.resolve("redis"), redisPort);
            }
        }
        System.out.printf("Search availability during a %d s Redis outage: %d of %d searches answered 2xx (%.1f %%)%n",
                OUTAGE.toSeconds(), searches.okDuringOutage(), searches.duringOutage(), searches.percentDuringOutage());
        assertThat(searches.duringOutage()).isGreaterThan(5);
        assertThat(searches.failures()).as("searches that did not answer 2xx").isEmpty();
        // the workers waited quietly: a line when the queue went away and one when it came back, no error per attempt
        assertThat(Files.readAllLines(crawler.log()).stream().filter(l -> l.contains("ERROR"))).as("crawler errors").isEmpty();
    }

    /**
     * PostgreSQL stopped in the middle of a crawl (pg_ctl stop, fast) and started again on the same data 8 s later:
     * search and the api's readiness keep answering from the index, /health names the database down, a write answers
     * 503 with Retry-After and leaves nothing behind, the crawler's workers pause; afterwards the crawl completes with no
     * job left running, one crawl job, and no page stored twice.
     */
    @Test
    @Order(8)
    void a_postgresql_outage_in_the_middle_of_a_crawl_pauses_the_workers_and_search_keeps_answering() throws Exception {
        int pages = 12;
        FixtureSiteServer slow = docsSite(pages, "dingo");
        open.add(slow);
        JsonNode created = createSlowSource("Docs through a database outage", slow);
        UUID sourceId = UUID.fromString(created.get("id").asText());
        String jobId = created.get("job_id").asText();
        http.await("/api/v1/jobs/" + jobId, j -> j.get("processed_pages").asInt() >= 3, JOB_TIMEOUT, "the crawl to be under way");

        SearchLoop searches = new SearchLoop(http);
        Thread loop = Thread.ofPlatform().name("searches").start(searches);
        try {
            stopPostgres();
            long outageStart = System.nanoTime();
            searches.outage(true);

            Api.Answer ready = http.get("/health/ready");
            assertThat(ready.status()).as("the api stays ready for search: " + ready.text()).isEqualTo(200);
            Api.Answer health = http.get("/health");
            assertThat(health.status()).as(health.text()).isEqualTo(503);
            assertThat(health.body().path("services").path("database").asText()).isEqualTo("down");
            assertThat(http.get("/health/database").body().path("details").path("error").asText()).startsWith("the database does not answer");

            Api.Answer refused = http.post("/api/v1/sources", Map.of("name", "Added during the database outage",
                    "base_url", slow.uri("docs/page-1.html").toString()));
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.body().get("detail").asText()).contains("database cannot be reached");

            Api crawlerHttp = new Api(crawler.uri("/"));
            Api.Answer crawlerHealth = crawlerHttp.get("/health");
            for (int i = 0; i < 40 && !crawlerHealth.body().path("services").path("crawler").asText().equals("down"); i++) {
                Thread.sleep(250);
                crawlerHealth = crawlerHttp.get("/health");
            }
            assertThat(crawlerHealth.body().path("services").path("crawler").asText()).as(crawlerHealth.text()).isEqualTo("down");
            assertThat(crawlerHealth.body().path("services").path("database").asText()).isEqualTo("down");

            long left = OUTAGE.toNanos() - (System.nanoTime() - outageStart);
            if (left > 0) {
                Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left));
            }
            startPostgres();
            searches.outage(false);

            JsonNode done = http.await("/api/v1/jobs/" + jobId, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                    "the interrupted crawl to complete after the database outage");
            assertThat(done.get("error_message").isNull()).isTrue();
            awaitIndexed(sourceId.toString());
            assertThat(count("select count(*) from jobs where type = 'crawl' and source_id = ?", sourceId)).isEqualTo(1);
            assertThat(query("select id || ' ' || status from jobs where status in ('pending', 'running')")).isEmpty();
            assertThat(query("select url from documents where source_id = ?", sourceId)).hasSize(pages + 1).doesNotHaveDuplicates();
            assertThat(count("select count(*) from knowledge_sources where name = 'Added during the database outage'")).isZero();
            assertThat(http.get("/health").status()).isEqualTo(200);

            // a quick restart with nothing asked meanwhile closes every connection the pools hold; they are checked
            // before use, so no request fails on one
            searches.stop();
            loop.join(10_000);
            stopPostgres();
            startPostgres();
            for (int i = 0; i < 4; i++) {
                Api.Answer read = http.get("/api/v1/sources");
                assertThat(read.status()).as("read %d after the restart: %s", i, read.text()).isEqualTo(200);
            }
        } finally {
            searches.stop();
            loop.join(10_000);
        }
        System.out.printf("Search availability during a %d s PostgreSQL outage: %d of %d searches answered 2xx (%.1f %%)%n",
                OUTAGE.toSeconds(), searches.okDuringOutage(), searches.duringOutage(), searches.percentDuringOutage());
        assertThat(searches.duringOutage()).isGreaterThan(5);
        assertThat(searches.failures()).as("searches that did not answer 2xx").isEmpty();
        assertThat(Files.readAllLines(crawler.log()).stream().filter(l -> l.contains("ERROR"))).as("crawler errors").isEmpty();
    }

    /** The postgres started again by {@link #startPostgres}, stopped at the end. */
    private Process restartedPostgres;
    /** The postmaster's command line ({@code postmaster.opts}), read before its first stop. */
    private List<String> postmasterCommand;

    /**
     * Stops the embedded PostgreSQL as an operator would (SIGINT: fast shutdown, the connections are closed), by signal:
     * pg_ctl refuses to run as root.
     */
    private void stopPostgres() throws Exception {
        Path data = work.resolve("postgres").resolve("data");
        if (postmasterCommand == null) {
            postmasterCommand = postmasterCommand(Files.readString(data.resolve("postmaster.opts")));
        }
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor()).as("kill -INT " + pid).isZero();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (postmaster != null && postmaster.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(postmaster == null || !postmaster.isAlive()).as("postgres stopped").isTrue();
    }

    /** Starts PostgreSQL again on the same data directory and port, with the options it was first started with. */
    private void startPostgres() throws Exception {
        Path dir = work.resolve("postgres");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root: in a user namespace of its own it is nobody (as the embedded one runs)
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(postmasterCommand);
        restartedPostgres = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("restarted.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = db()) {
                return;
            } catch (SQLException notYet) {
                if (!restartedPostgres.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not start again: " + Files.readString(dir.resolve("restarted.log")), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /** A postmaster.opts line ({@code /path/postgres "-D" "dir" "-p" "5432" ...}) as a command. */
    static List<String> postmasterCommand(String opts) {
        String line = opts.strip();
        List<String> command = new ArrayList<>();
        command.add(line.substring(0, line.indexOf(' ')));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(line);
        while (m.find()) {
            command.add(m.group(1));
        }
        return command;
    }

    /** Searches through the api one after another until stopped; counts the answers given while a server was down. */
    private static final class SearchLoop implements Runnable {
        private final Api api;
        private volatile boolean stop;
        private volatile boolean outage;
        private final java.util.concurrent.atomic.AtomicInteger duringOutage = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger okDuringOutage = new java.util.concurrent.atomic.AtomicInteger();
        private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

        SearchLoop(Api api) {
            this.api = api;
        }

        void outage(boolean on) {
            outage = on;
        }

        void stop() {
            stop = true;
        }

        @Override
        public void run() {
            int i = 0;
            while (!stop) {
                boolean down = outage;
                String answer;
                boolean ok;
                try {
                    // a new query now and then, so that not every answer could come from a cache
                    Api.Answer a = api.post("/api/v1/search", Map.of("query", i++ % 3 == 0 ? "quokka " + i : "quokka", "search_type", "keyword"));
                    ok = a.status() / 100 == 2;
                    answer = a.status() + " " + a.text();
                } catch (Exception e) {
                    ok = false;
                    answer = e.toString();
                }
                if (down) {
                    duringOutage.incrementAndGet();
                    if (ok) {
                        okDuringOutage.incrementAndGet();
                    }
                }
                if (!ok) {
                    failures.add((down ? "during the outage: " : "") + answer);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int duringOutage() {
            return duringOutage.get();
        }

        int okDuringOutage() {
            return okDuringOutage.get();
        }

        double percentDuringOutage() {
            return duringOutage.get() == 0 ? 0 : 100.0 * okDuringOutage.get() / duringOutage.get();
        }

        List<String> failures() {
            return failures;
        }
    }

    /** Rate-limit window of the limit test: long enough that its requests fit in one window on a loaded machine. */
    private static final int WINDOW_SECONDS = 40;

    /**
     * Two more api processes with small limits on the same Redis: requests alternating between them are counted
     * together, per client (the client address comes from X-Forwarded-For, as behind an Ingress). Runs last: it ends by
     * stopping Redis, after which requests pass uncounted instead of failing. Authentication is off in these two
     * processes, so the client is its address.
     */
    @Test
    @Order(10)
    void a_limit_holds_across_two_api_processes_on_one_redis_and_requests_pass_when_redis_is_gone() throws Exception {
        int searchLimit = 4;
        int apiLimit = 6;
        Map<String, String> limited = new HashMap<>(env);
        limited.put("API_RATE_LIMIT", Integer.toString(apiLimit));
        limited.put("SEARCH_RATE_LIMIT", Integer.toString(searchLimit));
        limited.put("KH_RATE_LIMIT_WINDOW", WINDOW_SECONDS + "s");
        limited.put("KH_AUTH_ENABLED", "false");
        // this machine may be loaded by other builds: a slow count must not pass as Redis being down (tested at the end)
        limited.put("KH_RATE_LIMIT_REDIS_TIMEOUT", "5s");
        AppProcess apiA = start("api-limited-a", jar("api"), freePort(), limited);
        open.add(apiA);
        AppProcess apiB = start("api-limited-b", jar("api"), freePort(), limited);
        open.add(apiB);
        List<Api> apis = List.of(new Api(apiA.uri("/")), new Api(apiB.uri("/")));
        // a first search of a just-started process is slow; it must not eat the counted client's window
        for (Api api : apis) {
            api.post("/api/v1/search", Map.of("query", "quokka", "search_type", "keyword"),
                    Map.of("X-Forwarded-For", "203.0.113.250"));
        }

        for (int attempt = 1; ; attempt++) {
            startOfAWindow();
            Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113." + attempt);
            List<Api.Answer> searches = new ArrayList<>();
            for (int i = 0; i <= searchLimit; i++) {
                searches.add(apis.get(i % 2).post("/api/v1/search", Map.of("query", "quokka", "search_type", "keyword"), client));
            }
            String counted;
            long countedTtl;
            try (JedisPooled r = new JedisPooled("127.0.0.1", redis.port())) {
                counted = r.get("rate_limit:search:ip:203.0.113." + attempt);
                countedTtl = r.pttl("rate_limit:search:ip:203.0.113." + attempt);
            }
            List<Api.Answer> requests = new ArrayList<>();
            for (int i = 0; i <= apiLimit; i++) {
                requests.add(apis.get(i % 2).get("/api/v1/sources", client));
            }
            Api.Answer otherClient = apis.get(1).post("/api/v1/search", Map.of("query", "quokka", "search_type", "keyword"),
                    Map.of("X-Forwarded-For", "203.0.113.200"));
            if ((!countsDown(searches) || !countsDown(requests) || counted == null) && attempt < 3) {
                continue; // a window ended in the middle after all (a very slow machine): again, as another client
            }
            for (int i = 0; i < searchLimit; i++) {
                assertThat(searches.get(i).status()).as("search %d (api %s)", i + 1, i % 2 == 0 ? "a" : "b").isEqualTo(200);
                assertThat(searches.get(i).header("RateLimit-Remaining")).isEqualTo(Integer.toString(searchLimit - 1 - i));
            }
            Api.Answer refused = searches.get(searchLimit);
            assertThat(searches).as(describe(searches)).hasSize(searchLimit + 1);
            assertThat(refused.status()).as("the combined count passed the limit: " + refused.text()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.body().get("detail").asText()).startsWith("Rate limit of 4 searches per " + WINDOW_SECONDS + " s exceeded for this client address");
            assertThat(requests.subList(0, apiLimit)).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
            assertThat(requests.get(apiLimit).status()).as(describe(requests)).isEqualTo(429);
            assertThat(otherClient.status()).as("another client address counts apart").isEqualTo(200);
            assertThat(counted).isEqualTo(Integer.toString(searchLimit + 1));
            assertThat(countedTtl).isBetween(1L, WINDOW_SECONDS * 1000L);
            break;
        }
        assertThat(new Api(apiA.managementUri("/")).get("/metrics").text()).containsPattern("api_rate_limited_total\\{limit=\"search\"} [1-9]");

        // Redis gone: the limits cannot be counted, and requests are served without them rather than failing
        redis.close();
        Map<String, String> exhausted = Map.of("X-Forwarded-For", "203.0.113.1");
        for (Api api : apis) {
            Api.Answer served = api.get("/api/v1/sources", exhausted);
            assertThat(served.status()).as(served.text()).isEqualTo(200);
            assertThat(served.header("RateLimit-Remaining")).isNull();
        }
        assertThat(Files.readString(apiA.log())).contains("Rate limits are not enforced: Redis cannot count requests");
    }

    @Test
    @Order(9)
    void an_api_whose_inference_server_cannot_be_reached_answers_semantic_searches_503_naming_it_and_keyword_searches_as_before()
            throws Exception {
        // a loopback port bound for the whole test and never listened on: every connection to it is refused at once,
        // and no other process gets it meanwhile
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int closed = reserved.getLocalPort();
            Map<String, String> unreachable = new HashMap<>(env);
            unreachable.put("TRANSFORMERS_INFERENCE_API", "http://127.0.0.1:" + closed);
            // not healthy (its embeddings component is down, and with it /health and the readiness probe): started,
            // then awaited until it serves
            try (AppProcess lonely = builder("api-no-inference", jar("api"), freePort(), unreachable).start()) {
                searchesWithoutTheInferenceServer(lonely, closed);
            }
        }
    }

    private void searchesWithoutTheInferenceServer(AppProcess lonely, int closed) throws Exception {
        Api client = new Api(lonely.uri("/"), ADMIN_KEY);
        Api.Answer health = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); health == null; Thread.sleep(250)) {
            assertThat(System.nanoTime()).as("the api without its inference server serving within 120 s").isLessThan(deadline);
            assertThat(lonely.isAlive()).as("the api without its inference server still runs").isTrue();
            try {
                health = client.get("/health/embeddings");
            } catch (IOException notYet) {
                // starting
            }
        }
        assertThat(health.status()).as(health.text()).isEqualTo(503);
        JsonNode embeddings = health.body();
        assertThat(embeddings.path("status").asText()).isEqualTo("down");
        assertThat(embeddings.path("details").path("inference_api").asText()).isEqualTo("http://127.0.0.1:" + closed);
        assertThat(embeddings.path("details").path("error").asText()).contains("readiness probe");

        for (String type : List.of("semantic", "hybrid")) {
            Api.Answer refused = client.post("/api/v1/search", Map.of("query", "quokka configuration", "search_type", type));
            assertThat(refused.status()).as(type + ": " + refused.text()).isEqualTo(503);
            String detail = refused.body().path("detail").asText();
            // what a user can act on: which server, what happened, which setting points at it; no exception class
            assertThat(detail).contains("127.0.0.1:" + closed).contains("TRANSFORMERS_INFERENCE_API")
                    .contains("connection refused").doesNotContain("Exception");
            assertThat(refused.header("Retry-After")).isNull();
        }
        Api.Answer keyword = client.post("/api/v1/search", Map.of("query", "quokka", "search_type", "keyword"));
        assertThat(keyword.status()).as(keyword.text()).isEqualTo(200);
        // the cause stays in the process's log, for whoever runs it
        assertThat(Files.readString(lonely.log())).contains("Embedding server unusable for /api/v1/search");
    }

    private static String describe(List<Api.Answer> answers) {
        return answers.stream().map(a -> a.status() + " remaining " + a.header("RateLimit-Remaining") + " reset "
                + a.header("RateLimit-Reset")).collect(Collectors.joining(", "));
    }

    /**
     * Whether no window ended during the answers: each counted answer left one fewer, until none were left (a refused
     * answer also says 0). A window that ended in the middle shows as a count that stayed or went up.
     */
    static boolean countsDown(List<Api.Answer> answers) {
        long last = Long.MAX_VALUE;
        for (Api.Answer a : answers) {
            String header = a.header("RateLimit-Remaining");
            if (header == null) {
                return false;
            }
            long remaining = Long.parseLong(header);
            if (last != Long.MAX_VALUE && !(remaining == last - 1 || (remaining == 0 && last == 0))) {
                return false;
            }
            last = remaining;
        }
        return true;
    }

    /**
     * Windows are aligned on the Redis server clock (they end at multiples of the window); waits, when less than half
     * of the current window is left, for the next one to begin, so that the counted requests fall in one window.
     */
    private void startOfAWindow() throws InterruptedException {
        long windowMs = WINDOW_SECONDS * 1000L;
        long now;
        try (JedisPooled r = new JedisPooled("127.0.0.1", redis.port())) {
            List<?> time = (List<?>) r.eval("return redis.call('TIME')");
            now = Long.parseLong(String.valueOf(time.get(0))) * 1000 + Long.parseLong(String.valueOf(time.get(1))) / 1000;
        }
        long left = windowMs - now % windowMs;
        if (left < windowMs / 2) {
            Thread.sleep(left + 200);
        }
    }

    @Test
    @Order(3)
    void a_crawler_stopped_with_sigterm_hands_its_crawl_back_at_once_and_a_new_crawler_finishes_it() throws Exception {
        int pages = 14;
        FixtureSiteServer site = docsSite(pages, "quoll");
        open.add(site);
        JsonNode created = createSlowSource("Rolling update docs", site);
        UUID sourceId = UUID.fromString(created.get("id").asText());
        String jobId = created.get("job_id").asText();
        http.await("/api/v1/jobs/" + jobId, j -> j.get("processed_pages").asInt() >= 4, JOB_TIMEOUT, "the crawl to be under way");

        // as Kubernetes stops a pod in a rolling update: the crawler ends the page under way and gives the job back
        crawler.terminate(Duration.ofSeconds(45));
        JsonNode handedBack = http.get("/api/v1/jobs/" + jobId).body();
        assertThat(handedBack.get("status").asText()).as("the job is pending again, not left running until its lease expires")
                .isEqualTo("pending");
        assertThat(count("select attempts from jobs where id = ?", UUID.fromString(jobId))).as("a handed-back run is no attempt")
                .isZero();
        assertThat(Files.readString(crawler.log())).contains("Job " + jobId + " stopped before its end and was queued again");
        long stored = count("select count(*) from documents where source_id = ?", sourceId);
        assertThat(stored).as("pages stored before the stop").isBetween(1L, (long) pages);

        crawler = start("crawler-3", jar("crawler"), freePort(), env);
        JsonNode done = http.await("/api/v1/jobs/" + jobId, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                "the crawl to complete on the new crawler");
        assertThat(done.path("result").path("pages_unchanged").asInt()).as("pages stored before the stop are not fetched as new")
                .isGreaterThanOrEqualTo(1);
        assertThat(count("select attempts from jobs where id = ?", UUID.fromString(jobId))).isEqualTo(1);
        awaitIndexed(sourceId.toString());
        List<String> urls = query("select url from documents where source_id = ?", sourceId);
        assertThat(urls).hasSize(pages + 1).doesNotHaveDuplicates();
        assertThat(query("select id from documents where source_id = ? and index_status <> 'indexed'", sourceId)).isEmpty();
    }

    @Test
    @Order(4)
    void an_indexer_stopped_with_sigterm_hands_back_after_its_batch_and_one_killed_loses_nothing() throws Exception {
        // stopped while idle: it ends at once
        indexer.terminate(Duration.ofSeconds(45));

        int pages = 40;
        FixtureSiteServer site = longDocsSite(pages, "bilby");
        open.add(site);
        JsonNode created = http.post("/api/v1/sources", Map.of("name", "Long docs", "base_url", site.uri("docs/index.html").toString(),
                "config", Map.of("max_depth", 2, "crawl_delay", 0))).body();
        UUID sourceId = UUID.fromString(created.get("id").asText());
        http.await("/api/v1/jobs/" + created.get("job_id").asText(), j -> j.get("status").asText().equals("completed"),
                JOB_TIMEOUT, "the crawl");
        String ragPath = "/api/v1/jobs?source_id=" + sourceId + "&type=rag";
        String ragId = http.await(ragPath, j -> j.get("jobs").size() == 1, JOB_TIMEOUT, "the indexing job").get("jobs").get(0)
                .get("id").asText();

        // one document per batch, so the indexer is stopped in the middle of the source
        Map<String, String> oneByOne = new HashMap<>(indexerEnv);
        oneByOne.put("KH_INDEXER_BATCH_DOCUMENTS", "1");
        indexer = start("indexer-2", jar("indexer"), freePort(), oneByOne);
        http.await("/api/v1/jobs/" + ragId, j -> j.get("processed_pages").asInt() >= 3, JOB_TIMEOUT, "the indexing to be under way");
        indexer.terminate(Duration.ofSeconds(45));
        assertThat(http.get("/api/v1/jobs/" + ragId).body().get("status").asText()).isEqualTo("pending");
        assertThat(count("select attempts from jobs where id = ?", UUID.fromString(ragId))).isZero();
        assertThat(Files.readString(indexer.log())).contains("Job " + ragId + " stopped before its end and was queued again");
        long indexed = count("select count(*) from documents where source_id = ? and index_status = 'indexed'", sourceId);
        assertThat(indexed).as("documents indexed before the stop").isBetween(3L, (long) pages);
        // what the stopped indexer marked indexed is in the index, and nothing more
        assertIndexHoldsTheDatabaseChunks();

        // a second indexer is killed (-9) in the middle of the source: the third one finishes it
        indexer = start("indexer-3", jar("indexer"), freePort(), oneByOne);
        http.await("/api/v1/jobs/" + ragId, j -> j.get("status").asText().equals("running") && j.get("processed_pages").asInt() >= 2,
                JOB_TIMEOUT, "the indexing to be under way again");
        indexer.kill();
        indexer = start("indexer-4", jar("indexer"), freePort(), indexerEnv);
        open.add(indexer);
        awaitIndexed(sourceId.toString());
        assertThat(count("select attempts from jobs where id = ?", UUID.fromString(ragId)))
                .as("the killed run counts as an attempt, the handed-back one does not").isEqualTo(2);
        assertThat(query("select url from documents where source_id = ? and index_status <> 'indexed'", sourceId)).isEmpty();
        assertThat(query("select url from documents where source_id = ?", sourceId)).hasSize(pages + 1).doesNotHaveDuplicates();
        assertIndexHoldsTheDatabaseChunks();
        JsonNode found = awaitSearch("bilby", "keyword");
        assertThat(found.get("results").get(0).get("url").asText()).contains("/docs/page-4.html");
    }

    /**
     * The index drifted from the database while no indexer ran (what a crash between a database commit and the index's
     * can leave, made here by editing the database): a removed page's entries are still in the index, a page's stored
     * chunks are not, and a page whose chunks are gone still has entries. The api cannot list the shared index's entries,
     * so its reconcile answers 409; the next indexer, the index's one writer, reconciles at start: it deletes the first
     * and the third page's entries and indexes the second page again, and search agrees with the database.
     */
    @Test
    @Order(5)
    void an_indexer_started_on_an_index_that_drifted_from_the_database_repairs_it() throws Exception {
        FixtureSiteServer site = docsSite(4, "potoroo");
        open.add(site);
        JsonNode created = http.post("/api/v1/sources", Map.of("name", "Drifting docs", "base_url", site.uri("docs/index.html").toString(),
                "config", Map.of("max_depth", 2, "crawl_delay", 0))).body();
        UUID sourceId = UUID.fromString(created.get("id").asText());
        awaitIndexed(sourceId.toString());
        assertIndexHoldsTheDatabaseChunks();

        Api.Answer refused = http.post("/api/v1/index/reconcile", Map.of());
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.body().get("detail").asText()).contains("cannot list its entries").contains("POST /api/v1/index/rebuild");

        indexer.terminate(Duration.ofSeconds(45));
        UUID removed = document(sourceId, "/docs/page-4.html");
        UUID lacking = document(sourceId, "/docs/page-2.html");
        UUID emptied = document(sourceId, "/docs/page-3.html");
        long removedChunks = count("select count(*) from document_chunks where document_id = ?", removed);
        long emptiedChunks = count("select count(*) from document_chunks where document_id = ?", emptied);
        long lackingChunks = count("select count(*) from document_chunks where document_id = ?", lacking);
        assertThat(List.of(removedChunks, emptiedChunks, lackingChunks)).allMatch(n -> n > 0);
        long ragJobs = count("select count(*) from jobs where type = 'rag' and source_id = ?", sourceId);
        update("delete from documents where id = ?", removed);
        update("update document_chunks set id = id || '~' where document_id = ?", lacking);
        update("delete from document_chunks where document_id = ?", emptied);
        assertThat(http.get("/api/v1/index").body().get("chunks").asLong()).as("the index before the repair")
                .isEqualTo(count("select count(*) from document_chunks") + removedChunks + emptiedChunks);
        assertThat(urls(http.post("/api/v1/search", Map.of("query", "potoroo", "search_type", "keyword")).body()))
                .as("the emptied page's entries still answer").anyMatch(u -> u.contains("/docs/page-3.html"));

        indexer = start("indexer-5", jar("indexer"), freePort(), indexerEnv);
        open.add(indexer);
        assertThat(Files.readString(indexer.log())).contains("Index reconciled with the database: " + removedChunks
                + " entries of 1 removed documents and " + emptiedChunks + " stale entries deleted, 1 documents queued for "
                + "indexing again (1 indexing jobs)");
        http.await("/api/v1/jobs?source_id=" + sourceId + "&type=rag", j -> j.get("jobs").size() == ragJobs + 1, JOB_TIMEOUT,
                "the indexing job the reconcile queued");
        awaitIndexed(sourceId.toString());
        assertThat(query("select id from document_chunks where document_id = ?", lacking)).hasSize((int) lackingChunks)
                .noneMatch(id -> id.endsWith("~"));
        assertIndexHoldsTheDatabaseChunks();
        assertThat(urls(http.post("/api/v1/search", Map.of("query", "potoroo", "search_type", "keyword")).body()))
                .anyMatch(u -> u.contains("/docs/page-2.html"))
                .noneMatch(u -> u.contains("/docs/page-3.html") || u.contains("/docs/page-4.html"));

        // a page left waiting for indexing with no indexing job to look at it (as an indexing job that stepped aside
        // for a CPU-bound crawl can leave one): the end of the source's next crawl, in the crawler service, asks for
        // indexing even though that crawl changed nothing (a first refresh finds the removed page again)
        String refound = http.post("/api/v1/sources/" + sourceId + "/refresh", Map.of()).body().get("job_id").asText();
        http.await("/api/v1/jobs/" + refound, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT, "the first refresh");
        awaitIndexed(sourceId.toString());
        update("update documents set index_status = 'pending' where id = ?", lacking);
        long ragJobsBefore = count("select count(*) from jobs where type = 'rag' and source_id = ?", sourceId);
        String recrawl = http.post("/api/v1/sources/" + sourceId + "/refresh", Map.of()).body().get("job_id").asText();
        JsonNode crawled = http.await("/api/v1/jobs/" + recrawl, j -> j.get("status").asText().equals("completed"), JOB_TIMEOUT,
                "the refresh");
        JsonNode counts = crawled.path("result");
        assertThat(List.of(counts.path("pages_new").asInt(-1), counts.path("pages_updated").asInt(-1), counts.path("pages_deleted").asInt(-1)))
                .as(crawled.toString()).containsOnly(0);
        http.await("/api/v1/jobs?source_id=" + sourceId + "&type=rag", j -> j.get("total").asLong() == ragJobsBefore + 1, JOB_TIMEOUT,
                "the indexing job the crawl's end asked for");
        awaitIndexed(sourceId.toString());
        assertThat(count("select count(*) from documents where source_id = ? and index_status <> 'indexed'", sourceId)).isZero();
    }

    private UUID document(UUID sourceId, String path) throws SQLException {
        List<String> ids = query("select id from documents where source_id = ? and url like ?", sourceId, "%" + path);
        assertThat(ids).as("the document of " + path).hasSize(1);
        return UUID.fromString(ids.get(0));
    }

    private static List<String> urls(JsonNode search) {
        List<String> out = new ArrayList<>();
        search.path("results").forEach(r -> out.add(r.path("url").asText()));
        return out;
    }

    /** Every chunk of the database once in the search index, and no other entry. */
    private void assertIndexHoldsTheDatabaseChunks() throws Exception {
        long dbChunks = count("select count(*) from document_chunks");
        assertThat(count("select count(distinct document_id || ':' || chunk_index) from document_chunks")).isEqualTo(dbChunks);
        JsonNode index = http.await("/api/v1/index", i -> i.get("chunks").asLong() == dbChunks, Duration.ofSeconds(20),
                "the search index to hold exactly the database's " + dbChunks + " chunks");
        assertThat(index.get("chunks").asLong()).isEqualTo(dbChunks);
    }

    private int runScheduler(String... args) throws Exception {
        AppProcess once = start("scheduler-" + args[0], jar("scheduler"), 0, env, args);
        return once.waitFor(Duration.ofSeconds(90));
    }

    /**
     * A source over {@code site} crawled slowly enough to be interrupted in the middle: 0.4 s between requests, each
     * page stored in its own transaction.
     */
    private JsonNode createSlowSource(String name, FixtureSiteServer site) throws Exception {
        return http.post("/api/v1/sources", Map.of("name", name, "base_url", site.uri("docs/index.html").toString(),
                "config", Map.of("max_depth", 2, "crawl_delay", 0.4, "performance", Map.of("batch_size", 1)))).body();
    }

    private void awaitIndexed(String sourceId) throws Exception {
        http.await("/api/v1/jobs?source_id=" + sourceId + "&type=rag", j -> j.get("jobs").size() > 0
                && j.get("jobs").get(0).get("status").asText().equals("completed")
                && j.get("jobs").findValuesAsText("status").stream().noneMatch(s -> s.equals("pending") || s.equals("running")),
                JOB_TIMEOUT, "the indexing of source " + sourceId);
    }

    /** Waits until a keyword search for {@code query} finds no result whose URL contains {@code url}. */
    private void awaitNoResult(String query, String url, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        JsonNode last;
        do {
            last = http.post("/api/v1/search", Map.of("query", query, "search_type", "keyword")).body();
            boolean found = false;
            for (JsonNode r : last.path("results")) {
                found |= r.path("url").asText().contains(url);
            }
            if (last.has("results") && !found) {
                System.out.printf("ClusterIT: a search for %s stopped finding %s after %d ms%n", query, url.isEmpty() ? "it" : url,
                        (System.nanoTime() - start) / 1_000_000);
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("search still finds " + query + " after " + timeout + ": " + last);
    }

    private JsonNode awaitSearch(String query, String type) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = http.post("/api/v1/search", Map.of("query", query, "search_type", type)).body();
            if (last != null && last.path("results").size() > 0) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no search result for " + query + " within 20 s: " + last);
    }

    private Map<String, String> services(AppProcess service) throws Exception {
        JsonNode health = new Api(service.uri("/"), ADMIN_KEY).get("/health").body();
        assertThat(health.get("status").asText()).as(service.name() + " health: " + health).isEqualTo("healthy");
        Map<String, String> out = new HashMap<>();
        health.get("services").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * Starts a packaged app ({@code java -jar .../quarkus-run.jar}, or a native executable) with the environment a
     * deployment gives it on top of {@code env}, its own data and temporary directories and management port under
     * {@code work}, its output in {@code <work>/<name>.log}; with a port, waits until /health answers 200.
     */
    private AppProcess start(String name, Path jar, int port, Map<String, String> env, String... args) throws Exception {
        AppProcess.Builder app = builder(name, jar, port, env, args);
        return port > 0 ? app.startHealthy(Duration.ofSeconds(120)) : app.start();
    }

    /** A service process as {@link #start} runs it, not started yet. */
    private AppProcess.Builder builder(String name, Path jar, int port, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the apps first (./mvnw install builds them "
                    + "before this module)");
        }
        Path dataDir = Files.createDirectories(work.resolve(name + "-data"));
        Path tmp = Files.createDirectories(work.resolve(name + "-tmp"));
        // a Quarkus fast-jar, or a native executable (the native CI job points kh.it.<app>-jar at one)
        List<String> jvm = jar.toString().endsWith(".jar")
                ? List.of("-Xmx400m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--add-modules", "jdk.incubator.vector",
                        "-Djava.io.tmpdir=" + tmp)
                : List.of("-Xmx400m", "-Djava.io.tmpdir=" + tmp);
        AppProcess.Builder app = AppProcess.builder(jar).name(name).port(port).managementPort(AppProcess.freePort())
                .workingDir(work).appendLog(work.resolve(name + ".log")).javaOptions(jvm).args(args)
                // the fixture sites are on 127.0.0.1: the crawler may reach exactly that, nothing else on this machine
                .env("KH_CRAWLER_ALLOWED_NETWORKS", "127.0.0.1/32")
                .env(env)
                .env("KH_DATA_DIR", dataDir.toString());
        return app;
    }

    private Path jar(String app) {
        return Path.of(System.getProperty("kh.it." + app + "-jar"));
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
    }

    private List<String> query(String sql, Object... params) throws SQLException {
        try (Connection c = db(); PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private long count(String sql, Object... params) throws SQLException {
        return Long.parseLong(query(sql, params).get(0));
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = db(); PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }

    /** /docs/index.html linking page-1..page-n; page 4 mentions {@code word}. */
    private static FixtureSiteServer docsSite(int pages, String word) throws IOException {
        Path root = Files.createTempDirectory("kh-cluster-site");
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= pages; i++) {
            links.append("<li><a href=\"page-").append(i).append(".html\">Page ").append(i).append("</a></li>");
            String extra = i == 4 ? " The " + word + " appears only on this page." : "";
            write(root.resolve("docs/page-" + i + ".html"), page("Page " + i, "<h2 id=\"s" + i + "\">Section " + i
                    + "</h2><p>Body text number " + i + " about configuration of the " + word + " server." + extra + "</p>"
                    + "<p><a href=\"index.html\">Back</a></p>"));
        }
        write(root.resolve("docs/index.html"), page("Guide", "<p>Start here.</p><ul>" + links + "</ul>"));
        write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return FixtureSiteServer.serve(root);
    }

    /** Like {@link #docsSite}, with eight sections of prose per page: each page makes several chunks. */
    private static FixtureSiteServer longDocsSite(int pages, String word) throws IOException {
        Path root = Files.createTempDirectory("kh-cluster-long-site");
        StringBuilder links = new StringBuilder();
        String[] topics = {"replication", "vacuum", "indexes", "locking", "backups", "logging", "planner", "storage"};
        for (int i = 1; i <= pages; i++) {
            links.append("<li><a href=\"page-").append(i).append(".html\">Page ").append(i).append("</a></li>");
            StringBuilder body = new StringBuilder();
            for (String topic : topics) {
                body.append("<h2 id=\"").append(topic).append("\">").append(topic).append(" on page ").append(i).append("</h2><p>");
                for (int k = 0; k < 12; k++) {
                    body.append("Sentence ").append(k).append(" explains how ").append(topic).append(" behaves in chapter ")
                            .append(i).append(" when the server is under load and settings change. ");
                }
                body.append("</p>");
            }
            if (i == 4) {
                body.append("<p>The ").append(word).append(" appears only on this page.</p>");
            }
            write(root.resolve("docs/page-" + i + ".html"), page("Page " + i, body.toString()));
        }
        write(root.resolve("docs/index.html"), page("Guide", "<p>Start here.</p><ul>" + links + "</ul>"));
        write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return FixtureSiteServer.serve(root);
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><nav><a href=\"/docs/index.html\">Home</a></nav>"
                + "<main><h1>" + title + "</h1>" + body + "</main><footer>Footer</footer></body></html>";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
