package io.knowledgehub.api.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the alerting rules shipped in {@code helm/knowledgehub/files/} (the chart's ConfigMap and
 * PrometheusRule, and docker-compose's Grafana and Prometheus) name only metrics and labels that the services expose:
 * the app crawls a site, indexes it and answers searches, then its {@code /metrics} is scraped and every selector of
 * every dashboard query and alert expression is checked against it (metric name, label names, and the values of
 * {@code route} and {@code queue_name}, whose sets are fixed by the code).
 */
@QuarkusTest
class MonitoringNamesTest {

    static final Path DASHBOARD = Path.of("../helm/knowledgehub/files/dashboards/knowledgehub.json");
    static final Path ALERTS = Path.of("../helm/knowledgehub/files/alerts.yaml");

    /** Made by Prometheus itself for every target, not by the services. */
    static final Set<String> PROMETHEUS_METRICS = Set.of("up");
    /** Target labels Prometheus adds to every series: the chart's PodMonitors and compose's scrape configs set kh_service. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "kh_service", "namespace", "pod", "container", "service");
    /** Labels whose values the dashboard and alerts name exactly, and whose values the code fixes. */
    static final Set<String> CHECKED_VALUES = Set.of("route", "queue_name");

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENT = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");

    private static FixtureSiteServer site;

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void dashboard_and_alerts_name_only_exposed_metrics_and_labels() throws Exception {
        exerciseCrawlIndexingAndSearch();
        Map<String, Map<String, Set<String>>> exposed = scrape(given().get("/metrics").then().statusCode(200).extract().asString());

        Map<String, String> queries = new LinkedHashMap<>();
        queries.putAll(dashboardQueries());
        queries.putAll(alertExpressions());
        assertThat(queries).as("queries found in the dashboard and the alerts").hasSizeGreaterThan(20);
        assertThat(String.join("\n", queries.values()))
                .as("the spec's panels and the alerts")
                .contains("api_request_duration_seconds_bucket", "api_requests_total{status_code=~\"5..\"}",
                        "queue_size{queue_name=\"crawl_jobs:pending\"}", "crawl_pages_total", "index_documents_total",
                        "search_cache_hits_total", "route=\"/api/v1/search\"", "jobs_finished_total{status=\"failed\"}",
                        "up{kh_service");

        List<String> problems = new ArrayList<>();
        queries.forEach((where, expr) -> problems.addAll(check(where, expr, exposed)));
        assertThat(problems).as("metrics or labels named by the dashboard or the alerts but not exposed").isEmpty();
    }

    @Test
    void the_checker_refuses_unknown_names() {
        Map<String, Map<String, Set<String>>> exposed = scrape("""
                # TYPE api_requests_total counter
                api_requests_total{method="GET",route="/api/v1/search",status_code="200"} 3.0
                queue_size{queue_name="crawl_jobs:pending"} 0.0
                """);
        assertThat(check("ok", "sum by (route) (rate(api_requests_total{status_code=~\"5..\"}[5m]))", exposed)).isEmpty();
        assertThat(check("ok", "max(queue_size{queue_name=\"crawl_jobs:pending\"}) > 0 and on() absent(up{kh_service=\"crawler\"} == 1)", exposed)).isEmpty();
        assertThat(check("old label", "rate(api_requests_total{status=~\"5..\"}[5m])", exposed)).hasSize(1);
        assertThat(check("unknown metric", "rate(api_request_total[5m])", exposed)).hasSize(1);
        assertThat(check("bare unknown metric", "sum(crawl_jobs_pending) > 3", exposed)).hasSize(1);
        assertThat(check("grouping label", "sum by (status) (rate(api_requests_total[5m]))", exposed)).hasSize(1);
        assertThat(check("route value", "rate(api_requests_total{route=\"/search\"}[5m])", exposed)).hasSize(1);
        assertThat(check("queue value", "queue_size{queue_name=\"crawl_jobs\"}", exposed)).hasSize(1);
    }

    private static void exerciseCrawlIndexingAndSearch() throws Exception {
        site = TestSites.docsSite(3);
        Response created = TestSites.createSource(TestSites.uniqueName("Metrics"),
                site.baseUri().resolve("/docs/index.html").toString(), Map.of("crawl_delay", 0));
        String sourceId = created.then().statusCode(201).extract().path("id");
        assertThat(TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(60)).<String>path("status")).isEqualTo("completed");
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        assertThat(given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&status=completed").<Integer>path("total"))
                .as("an indexing job ran").isGreaterThan(0);
        for (int i = 0; i < 2; i++) { // the second answer comes from the search cache
            given().contentType("application/json").body(Map.of("query", "configuration", "search_type", "keyword"))
                    .post("/api/v1/search").then().statusCode(200);
        }
    }

    /** Metric name to label name to the values seen, from the Prometheus text format. */
    static Map<String, Map<String, Set<String>>> scrape(String text) {
        Map<String, Map<String, Set<String>>> metrics = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Map<String, Set<String>> labels = metrics.computeIfAbsent(name, n -> new TreeMap<>());
            if (brace >= 0 && brace < space) {
                Matcher m = MATCHER.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
                while (m.find()) {
                    labels.computeIfAbsent(m.group(1), l -> new HashSet<>()).add(m.group(3));
                }
            }
        }
        return metrics;
    }

    /** What is wrong with one PromQL expression: unknown metrics, labels, grouping labels or fixed label values. */
    static List<String> check(String where, String expr, Map<String, Map<String, Set<String>>> exposed) {
        List<String> problems = new ArrayList<>();
        Set<String> referenced = new HashSet<>();
        Matcher s = SELECTOR.matcher(expr);
        while (s.find()) {
            String metric = s.group(1);
            if (metric == null || KEYWORDS.contains(metric)) {
                problems.add(where + ": a selector without a metric name: " + s.group());
                continue;
            }
            referenced.add(metric);
            if (!known(metric, exposed)) {
                problems.add(where + ": metric " + metric + " is not exposed");
                continue;
            }
            Matcher m = MATCHER.matcher(s.group(2));
            while (m.find()) {
                String label = m.group(1);
                if (!hasLabel(metric, label, exposed)) {
                    problems.add(where + ": " + metric + " has no label " + label);
                } else if (m.group(2).equals("=") && CHECKED_VALUES.contains(label)
                        && !exposed.get(metric).get(label).contains(m.group(3))) {
                    problems.add(where + ": " + metric + "{" + label + "} never has the value \"" + m.group(3) + "\" (seen: "
                            + exposed.get(metric).get(label) + ")");
                }
            }
        }
        String rest = SELECTOR.matcher(expr).replaceAll(" ").replaceAll("\\[[^]]*]", " ").replaceAll("\"[^\"]*\"", " ");
        Matcher g = GROUPING.matcher(rest);
        List<String> groupingLabels = new ArrayList<>();
        while (g.find()) {
            for (String l : g.group(2).split(",")) {
                if (!l.isBlank()) {
                    groupingLabels.add(l.trim());
                }
            }
        }
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Matcher i = IDENT.matcher(rest);
        while (i.find()) {
            String name = i.group(1);
            if (KEYWORDS.contains(name.toLowerCase()) || name.startsWith("$")) {
                continue;
            }
            referenced.add(name);
            if (!known(name, exposed)) {
                problems.add(where + ": metric " + name + " is not exposed");
            }
        }
        for (String label : groupingLabels) {
            boolean somewhere = referenced.stream().anyMatch(metric -> known(metric, exposed) && hasLabel(metric, label, exposed));
            if (!somewhere) {
                problems.add(where + ": grouping label " + label + " is on none of " + referenced);
            }
        }
        return problems;
    }

    private static boolean known(String metric, Map<String, Map<String, Set<String>>> exposed) {
        return exposed.containsKey(metric) || PROMETHEUS_METRICS.contains(metric);
    }

    private static boolean hasLabel(String metric, String label, Map<String, Map<String, Set<String>>> exposed) {
        return TARGET_LABELS.contains(label) || exposed.getOrDefault(metric, Map.of()).containsKey(label);
    }

    static Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("dashboard panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        return queries;
    }

    static Map<String, String> alertExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(ALERTS));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                queries.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return queries;
    }
}
