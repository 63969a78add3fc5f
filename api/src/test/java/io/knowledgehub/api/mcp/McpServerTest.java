package io.knowledgehub.api.mcp;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The MCP server end to end: the official MCP Java SDK client speaks Streamable HTTP to {@code /mcp} of the running
 * app, whose index holds a small documentation site crawled from loopback in this test.
 */
@QuarkusTest
class McpServerTest {

    @Inject
    JobService jobService;

    private static FixtureSiteServer site;
    private static String sourceId;
    private static String sourceName;
    private static String poolingUrl;
    private static McpSyncClient client;
    private static final String KEY_WORDS = "Appendix C. SQL Key Words";

    @TestHTTPResource("/")
    URL app;

    /** Once per class, after the app listens (a static @BeforeAll runs before it does). */
    @BeforeEach
    void crawlAndConnect() throws Exception {
        if (site != null) {
            return;
        }
        site = FixtureSiteServer.serve(writeSite());
        sourceName = uniqueName("Pool guide");
        poolingUrl = site.baseUri().resolve("/guide/pooling.html").toString();
        Response created = createSource(sourceName, site.baseUri().resolve("/guide/index.html").toString(), Map.of("crawl_delay", 0));
        sourceId = created.path("id");
        TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        client = connect(app.toString());
        client.initialize();
    }

    static McpSyncClient connect(String baseUrl) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp").build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("knowledgehub-test", "1.0")).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        if (site != null) {
            site.close();
        }
    }

    private static Path writeSite() throws IOException {
        Path root = Files.createTempDirectory("kh-mcp-site");
        TestSites.write(root.resolve("guide/index.html"), TestSites.page("Pool guide",
                "<p>Topics: <a href=\"pooling.html\">pooling</a>, <a href=\"reference.html\">reference</a>, "
                        + "<a href=\"keywords.html\">key words</a>.</p>"));
        TestSites.write(root.resolve("guide/pooling.html"), TestSites.page("Tuning the connection pool",
                "<h2 id=\"why\">Why pool connections</h2><p>Opening a database connection is expensive. A connection pool keeps "
                        + "a set of open connections that application threads borrow and return, which cuts latency.</p>"
                        + "<h2 id=\"size\">Sizing the pool</h2><p>Set pool_max_connections to roughly twice the number of CPU cores. "
                        + "Too many connections waste memory on the server.</p>"
                        + "<pre><code class=\"language-properties\">pool_max_connections=16\nmin_idle=2</code></pre>"
                        + "<h2 id=\"leaks\">Finding leaked connections</h2><p>A connection that is never returned starves the "
                        + "pool; enable leak detection with a threshold in milliseconds.</p>"));
        StringBuilder reference = new StringBuilder();
        for (int s = 1; s <= 6; s++) {
            reference.append("<h2 id=\"part-").append(s).append("\">Reference part ").append(s).append("</h2>");
            for (int p = 0; p < 25; p++) {
                reference.append("<p>Paragraph ").append(p).append(" of part ").append(s).append(" describes setting number ")
                        .append(s * 100 + p).append(" of the pool in enough words to make this reference page long, ")
                        .append("far longer than one answer of fetch_document may be.</p>");
            }
        }
        TestSites.write(root.resolve("guide/reference.html"), TestSites.page("Pool reference", reference.toString()));
        // one heading (the title) over about 46,000 characters: three answers of fetch_document
        StringBuilder keyWords = new StringBuilder();
        for (int k = 1; k <= 220; k++) {
            keyWords.append("<p>Key word KW").append(k).append(" is reserved in SQL:2016 and non-reserved in ")
                    .append("PostgreSQL; a column named KW").append(k).append(" must be quoted, as in SELECT \"KW")
                    .append(k).append("\" FROM t, and this paragraph is this long so that the page is long.</p>");
        }
        TestSites.write(root.resolve("guide/keywords.html"), TestSites.page(KEY_WORDS, keyWords.toString()));
        return root;
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    }

    private static String ok(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as("tool error: %s", text(result)).isNotEqualTo(Boolean.TRUE);
        return text(result);
    }

    private static String error(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as("expected a tool error, got: %s", text(result)).isTrue();
        String t = text(result);
        assertThat(t).doesNotContain("Exception").doesNotContain("\tat ");
        return t;
    }

    @Test
    void initializes_and_lists_the_four_tools_with_their_arguments() {
        assertThat(client.getCurrentInitializationResult().serverInfo().name()).isEqualTo("KnowledgeHub");
        assertThat(client.getCurrentInitializationResult().capabilities().tools()).isNotNull();

        Map<String, McpSchema.Tool> tools = client.listTools().tools().stream()
                .collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
        assertThat(tools.keySet()).containsExactlyInAnyOrder("search_docs", "list_sources", "fetch_document", "refresh_source");

        assertThat(properties(tools.get("search_docs"))).containsOnlyKeys("query", "sources", "search_type", "limit");
        assertThat(required(tools.get("search_docs"))).containsExactly("query");
        assertThat(tools.get("search_docs").description()).contains("fetch_document").contains("list_sources");
        assertThat(properties(tools.get("fetch_document"))).containsOnlyKeys("document", "section", "part");
        assertThat(properties(tools.get("fetch_document")).get("part")).asString().contains("integer");
        assertThat(required(tools.get("fetch_document"))).containsExactly("document");
        assertThat(properties(tools.get("refresh_source"))).containsOnlyKeys("source", "force");
        assertThat(required(tools.get("refresh_source"))).containsExactly("source");
        assertThat(properties(tools.get("list_sources"))).isEmpty();
        // the MCP endpoint's requests count in the API's request metrics
        assertThat(given().get("/metrics").asString())
                .containsPattern("api_requests_total\\{method=\"POST\",route=\"/mcp\",status_code=\"200\"} [1-9]");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(McpSchema.Tool tool) {
        Object p = tool.inputSchema().get("properties");
        return p == null ? Map.of() : (Map<String, Object>) p;
    }

    @SuppressWarnings("unchecked")
    private static List<String> required(McpSchema.Tool tool) {
        Object r = tool.inputSchema().get("required");
        return r == null ? List.of() : (List<String>) r;
    }

    @Test
    void search_docs_returns_ranked_markdown_results_with_url_section_and_score() {
        String answer = ok(call("search_docs", Map.of("query", "pool_max_connections CPU cores", "limit", 3)));

        assertThat(answer).contains("(hybrid search)");
        assertThat(answer).contains("## 1. Tuning the connection pool");
        assertThat(answer.lines().filter(l -> l.startsWith("URL: ")).findFirst()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("URL: " + poolingUrl + "#");
        assertThat(answer).contains("Source: " + sourceName + " · Score: ");
        assertThat(answer).contains("pool_max_connections");
        assertThat(answer.lines().filter(l -> l.matches("## \\d+\\. .*")).count()).isBetween(1L, 3L);
    }

    @Test
    void search_docs_filters_by_source_name_or_id_and_takes_the_search_type() {
        String byName = ok(call("search_docs", Map.of("query", "pool_max_connections", "sources", List.of(sourceName.toUpperCase()),
                "search_type", "keyword")));
        assertThat(byName).contains("(keyword search)").contains(poolingUrl);

        String byId = ok(call("search_docs", Map.of("query", "leak detection", "sources", List.of(sourceId), "limit", 1)));
        assertThat(byId).startsWith("1 result for").contains("Finding leaked connections");
    }

    @Test
    void search_docs_errors_are_sentences() {
        assertThat(error(call("search_docs", Map.of("query", "pool", "sources", List.of("No such docs")))))
                .isEqualTo("No source named 'No such docs'; list_sources shows the names.");
        assertThat(error(call("search_docs", Map.of("query", "pool", "search_type", "fuzzy"))))
                .contains("search_type must be one of [semantic, keyword, hybrid]");
        assertThat(error(call("search_docs", Map.of("query", "pool", "limit", 50)))).contains("limit must be between 1 and 20");
        assertThat(error(call("search_docs", Map.of("query", "  ")))).contains("query is empty");
        assertThat(error(call("search_docs", Map.of()))).contains("query");
    }

    @Test
    void list_sources_shows_name_id_base_url_documents_and_crawl_status() {
        String answer = ok(call("list_sources", Map.of()));

        String block = answer.substring(answer.indexOf("## " + sourceName));
        block = block.contains("\n## ") ? block.substring(0, block.indexOf("\n## ", 3)) : block;
        assertThat(block).contains("- id: " + sourceId);
        assertThat(block).contains("- base URL: " + site.baseUri().resolve("/guide/index.html"));
        assertThat(block).contains("- documents: 4");
        assertThat(block).containsPattern("- last crawl: \\d{4}-\\d\\d-\\d\\dT");
        assertThat(block).containsPattern("- status: active \\(last job completed\\)");
    }

    @Test
    void list_sources_keeps_names_and_descriptions_on_their_line_as_text_and_says_why_the_last_job_failed() throws Exception {
        String name = uniqueName("Broken <b>site</b>");
        Response created = given().contentType("application/json").body(Map.of("name", name, "description",
                "Line one\n## not a heading", "base_url", site.baseUri().resolve("/nothing-here/").toString(),
                "config", Map.of("crawl_delay", 0))).post("/api/v1/sources");
        created.then().statusCode(201);
        TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(60)).then().body("status", equalTo("failed"));

        String answer = ok(call("list_sources", Map.of()));
        String escaped = name.replace("<", "\\<");
        String block = answer.substring(answer.indexOf("## " + escaped));
        block = block.contains("\n## ") ? block.substring(0, block.indexOf("\n## ", 3)) : block;
        assertThat(block).contains("- description: Line one ## not a heading\n");
        assertThat(block).containsPattern("- status: active \\(last job failed\\)\n- last error: \\S.*404");

        // a later indexing job that failed for its own reason: the status still describes the crawl, and so does the error
        UUID brokenId = UUID.fromString(created.path("id"));
        Job indexing = QuarkusTransaction.requiringNew().call(() -> jobService.insert(brokenId, JobType.RAG, false, null));
        assertThat(jobService.start(indexing.id)).isTrue();
        jobService.fail(indexing.id, "The index could not be written: no space left", null);
        String again = ok(call("list_sources", Map.of()));
        String block2 = again.substring(again.indexOf("## " + escaped));
        block2 = block2.contains("\n## ") ? block2.substring(0, block2.indexOf("\n## ", 3)) : block2;
        assertThat(block2).containsPattern("- status: active \\(last job failed\\)\n- last error: \\S.*404")
                .doesNotContain("no space left");
        // the name as list_sources shows it names the source
        ok(call("search_docs", Map.of("query", "anything", "sources", List.of(escaped))));
        given().delete("/api/v1/sources/" + created.<String>path("id")).then().statusCode(204);
    }

    @Test
    void fetch_document_returns_the_page_as_markdown_by_id_or_url() {
        String id = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10")
                .path("documents.find { it.url == '" + poolingUrl + "' }.id");

        String byId = ok(call("fetch_document", Map.of("document", id)));
        assertThat(byId).contains("Title: Tuning the connection pool").contains("URL: " + poolingUrl)
                .contains("Document id: " + id);
        assertThat(byId).contains("## Why pool connections").contains("## Sizing the pool").contains("## Finding leaked connections");
        assertThat(byId).contains("```").contains("pool_max_connections=16\nmin_idle=2");
        assertThat(byId).doesNotContain("Truncated");

        assertThat(ok(call("fetch_document", Map.of("document", poolingUrl)))).contains("Document id: " + id);
        // a URL's scheme in capitals is the same page
        assertThat(ok(call("fetch_document", Map.of("document", "HTTP" + poolingUrl.substring(4))))).contains("Document id: " + id);
        // a link as shared, with tracking parameters the crawler leaves out of the URLs it stores
        assertThat(ok(call("fetch_document", Map.of("document", poolingUrl + "?utm_source=chat&utm_medium=link"))))
                .contains("Document id: " + id);
    }

    @Test
    void fetch_document_returns_one_section_by_heading_or_anchor() {
        String byHeading = ok(call("fetch_document", Map.of("document", poolingUrl, "section", "sizing the pool")));
        assertThat(byHeading).contains("URL: " + poolingUrl + "#size").contains("Section: Sizing the pool");
        assertThat(byHeading).contains("twice the number of CPU cores").contains("min_idle=2");
        assertThat(byHeading).doesNotContain("Opening a database connection").doesNotContain("leak detection");

        String byAnchor = ok(call("fetch_document", Map.of("document", poolingUrl + "#leaks")));
        assertThat(byAnchor).contains("Section: Finding leaked connections").contains("leak detection")
                .doesNotContain("CPU cores");

        assertThat(error(call("fetch_document", Map.of("document", poolingUrl, "section", "Replication"))))
                .startsWith("This page has no section 'Replication'; its sections are: ")
                .contains("\"Sizing the pool\"");
    }

    @Test
    void fetch_document_bounds_long_pages_and_says_how_to_read_on() {
        String url = site.baseUri().resolve("/guide/reference.html").toString();
        String whole = ok(call("fetch_document", Map.of("document", url)));
        assertThat(whole.length()).isLessThan(21_000);
        assertThat(whole).containsPattern("\\[Truncated: this is part 1 of 2 \\(characters 1 to \\d+ of \\d+\\)\\. "
                + "To read on, call fetch_document again with the same document and part set to 2\\.");
        assertThat(whole).contains("\"Reference part 6\"");
        // the page's top heading is over all of it: as section it would give the same text again
        assertThat(whole).doesNotContain("\"Pool reference\"");

        String part = ok(call("fetch_document", Map.of("document", url, "section", "#part-6")));
        assertThat(part).contains("setting number 624").doesNotContain("Truncated");
    }

    private static final Pattern NEXT_PART = Pattern.compile(
            "call fetch_document again with the same document(?:, section set to \"([^\"]*)\")? and part set to (\\d+)\\.");

    /** The page text of an answer: after the header, before the closing note. */
    private static String body(String answer) {
        String text = answer.substring(answer.indexOf("\n\n---\n\n") + 7);
        int note = Math.max(text.lastIndexOf("\n\n[Truncated: this is part "), text.lastIndexOf("\n\n[Part "));
        return note >= 0 ? text.substring(0, note) : text.stripTrailing();
    }

    @Test
    void fetch_document_reads_a_long_page_with_one_section_to_its_end_by_following_the_notes() {
        String url = site.baseUri().resolve("/guide/keywords.html").toString();
        String id = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10")
                .path("documents.find { it.url == '" + url + "' }.id");
        String whole = given().get("/api/v1/documents/" + id + "?format=markdown").then().statusCode(200)
                .extract().asString().strip();

        List<String> answers = new ArrayList<>();
        answers.add(ok(call("fetch_document", Map.of("document", id))));
        Matcher next;
        while ((next = NEXT_PART.matcher(answers.getLast())).find()) {
            assertThat(answers).as("the notes lead to the end").hasSizeLessThan(5);
            Map<String, Object> args = new HashMap<>(Map.of("document", id, "part", Integer.parseInt(next.group(2))));
            if (next.group(1) != null) {
                args.put("section", next.group(1));
            }
            answers.add(ok(call("fetch_document", args)));
        }

        assertThat(answers).hasSize(3);
        List<String> bodies = answers.stream().map(McpServerTest::body).toList();
        // the whole page once, in order, in three parts that meet at paragraph boundaries
        assertThat(String.join("\n\n", bodies)).isEqualTo(whole);
        for (int k = 1; k <= 220; k++) {
            String paragraph = "Key word KW" + k + " is";
            assertThat(bodies.stream().filter(b -> b.contains(paragraph)).count()).as(paragraph).isEqualTo(1);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(bodies.get(i).length()).isLessThanOrEqualTo(20_000);
            assertThat(answers.get(i)).contains("Part: " + (i + 1) + " of 3\n")
                    .doesNotContain("section set to").doesNotContain("\"" + KEY_WORDS + "\"");
        }
        assertThat(answers.get(0)).contains("[Truncated: this is part 1 of 3 (characters 1 to ").contains("part set to 2.");
        assertThat(answers.get(1)).contains("[Truncated: this is part 2 of 3 (characters ").contains("part set to 3.");
        assertThat(answers.get(2)).contains("[Part 3 of 3, the last part (characters ")
                .endsWith(" of " + whole.length() + "): this page ends here.]\n").doesNotContain("Truncated");

        // by URL, with the section named, and bad parts
        assertThat(body(ok(call("fetch_document", Map.of("document", url, "section", KEY_WORDS, "part", 2)))))
                .isEqualTo(bodies.get(1));
        assertThat(error(call("fetch_document", Map.of("document", id, "part", 4))))
                .isEqualTo("part 4 does not exist: this page has 3 parts; pass part 1 to 3, or leave part out for the first.");
        assertThat(error(call("fetch_document", Map.of("document", id, "part", 0))))
                .isEqualTo("part must be 1 or more (1 is the first part, the same as leaving part out), not 0.");
        assertThat(error(call("fetch_document", Map.of("document", id, "part", -1)))).startsWith("part must be 1 or more");
        assertThat(error(call("fetch_document", Map.of("document", id, "part", 2.5))))
                .isEqualTo("part must be a whole number, e.g. 2 (the note at the end of a cut answer names the next "
                        + "part), not 2.5.");
        assertThat(error(call("fetch_document", Map.of("document", id, "part", "two")))).startsWith("part must be a whole number")
                .endsWith("not \"two\".");
        assertThat(error(call("fetch_document", Map.of("document", id, "part", true)))).startsWith("part must be a whole number");
        assertThat(error(call("fetch_document", Map.of("document", poolingUrl, "part", 2))))
                .isEqualTo("part 2 does not exist: this page fits in one answer (part 1); leave part out.");
        // a whole number however written
        assertThat(body(ok(call("fetch_document", Map.of("document", id, "part", "3"))))).isEqualTo(bodies.get(2));
        assertThat(body(ok(call("fetch_document", Map.of("document", id, "part", 2.0))))).isEqualTo(bodies.get(1));
    }

    @Test
    void fetch_document_errors_are_sentences() {
        assertThat(error(call("fetch_document", Map.of("document", "https://nowhere.example/page.html"))))
                .startsWith("No indexed page has the URL 'https://nowhere.example/page.html'");
        assertThat(error(call("fetch_document", Map.of("document", "123e4567-e89b-12d3-a456-426614174000"))))
                .startsWith("No document with id '123e4567-e89b-12d3-a456-426614174000' is indexed");
        assertThat(error(call("fetch_document", Map.of("document", "pooling")))).startsWith("document must be a document id");
    }

    @Test
    void refresh_source_starts_a_crawl_by_name_or_id() throws Exception {
        Map<String, Object> byName = new HashMap<>(Map.of("source", sourceName));
        String answer = ok(call("refresh_source", byName));
        assertThat(answer).containsPattern("Started an incremental crawl of '" + Pattern.quote(sourceName)
                + "'|is already being crawled");
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));

        String forced = ok(call("refresh_source", Map.of("source", sourceId, "force", true)));
        assertThat(forced).containsPattern("Started a full crawl|is already being crawled \\(full crawl");
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));

        assertThat(error(call("refresh_source", Map.of("source", "Unknown docs"))))
                .isEqualTo("No source named 'Unknown docs'; list_sources shows the names.");
    }

    @Test
    void an_empty_batch_and_arguments_that_are_no_object_get_json_rpc_errors_not_a_server_error() {
        given().contentType("application/json").header("Accept", "application/json, text/event-stream").body("[]")
                .post("/mcp").then().statusCode(400).contentType("application/json")
                .body("error.code", equalTo(-32600)).body("error.message", containsString("the batch is empty"));
        given().contentType("application/json").header("Accept", "application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"search_docs\",\"arguments\":\"pool\"}}")
                .post("/mcp").then().statusCode(400).body("id", equalTo(7)).body("error.code", equalTo(-32602))
                .body("error.message", containsString("arguments must be an object"));
        // arguments of a type the tool cannot take get a tool error saying what to send
        assertThat(error(call("search_docs", Map.of("query", "pool", "limit", 2.5))))
                .isEqualTo("limit must be a whole number from 1 to 20, e.g. 5, not 2.5.");
        assertThat(error(call("search_docs", Map.of("query", "pool", "sources", "Handbook"))))
                .startsWith("sources must be a list of source names or ids");
        assertThat(error(call("refresh_source", Map.of("source", "Handbook", "force", "yes"))))
                .isEqualTo("force must be true or false, not \"yes\".");
        // a number for a text argument is that text; an object is not
        // (in this test's own source: other tests' sites in this app have pages about 16 too)
        assertThat(ok(call("search_docs", Map.of("query", 16, "search_type", "keyword", "sources", List.of(sourceName)))))
                .contains("pool_max_connections=16");
        assertThat(error(call("fetch_document", Map.of("document", Map.of("id", 1)))))
                .isEqualTo("document must be text (a JSON string), not {\"id\":1}.");
        // a well-formed call still reaches the tools, after the check (2.0 is a whole number)
        assertThat(ok(call("search_docs", Map.of("query", "pool_max_connections", "limit", 1)))).contains("1 result");
        assertThat(ok(call("search_docs", Map.of("query", "pool_max_connections", "limit", 2.0)))).contains("result");
    }

    @Test
    void null_arguments_are_left_out_and_a_call_without_a_tool_name_is_answered_with_an_error() {
        String session = rawSession();
        // null for an optional argument is the argument left out
        Response limitNull = raw(session, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"search_docs\",\"arguments\":{\"query\":\"pool_max_connections\",\"limit\":null,\"sources\":null}}}");
        limitNull.then().statusCode(200);
        assertThat(limitNull.asString()).contains("\"id\":11").contains("result").doesNotContain("\"error\"")
                .doesNotContain("\"isError\":true");
        // null or missing for a required one, or no arguments at all: the tool's own error, not an internal error
        for (String arguments : List.of(",\"arguments\":{\"query\":null}", "", ",\"arguments\":null")) {
            Response missing = raw(session, "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"search_docs\"" + arguments + "}}");
            missing.then().statusCode(200);
            assertThat(missing.asString()).as(arguments).contains("\"isError\":true").contains("query")
                    .doesNotContain("Internal error");
        }
        // a call without a tool name is answered at once (it was never answered)
        for (String params : List.of("{\"arguments\":{}}", "{\"name\":null,\"arguments\":{}}")) {
            given().contentType("application/json").header("Accept", "application/json, text/event-stream")
                    .header("Mcp-Session-Id", session).body("{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"tools/call\",\"params\":"
                            + params + "}").post("/mcp").then().statusCode(400).body("id", equalTo(13))
                    .body("error.code", equalTo(-32602)).body("error.message", containsString("name must be the name of a tool"));
        }
    }

    @Test
    void a_batch_of_more_than_twenty_messages_is_refused() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= 21; i++) {
            batch.append(i == 1 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"ping\"}");
        }
        given().contentType("application/json").header("Accept", "application/json, text/event-stream").body(batch + "]")
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32600))
                .body("error.message", containsString("at most 20 messages; this one holds 21"));
        // also where the older HTTP+SSE transport's clients post their messages
        given().contentType("application/json").body(batch + "]").post("/mcp/messages/some-session").then().statusCode(400)
                .body("error.code", equalTo(-32600)).body("error.message", containsString("at most 20 messages"));
    }

    @Test
    void a_batch_with_a_malformed_call_is_answered_with_an_answer_for_each_of_its_requests_and_none_run() {
        String session = rawSession();
        int jobsBefore = given().get("/api/v1/jobs?source_id=" + sourceId + "&limit=1").then().statusCode(200).extract().path("total");
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":{\"name\":\"refresh_source\","
                + "\"arguments\":{\"source\":\"" + sourceId + "\"}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}},"
                + "42,"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"list_sources\"}}]";
        Response answer = given().contentType("application/json").header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", session).body(batch).post("/mcp");
        answer.then().statusCode(400);
        // an array in the batch's order: the requests' answers and one for the entry that is no message; none for the
        // notification and the client's own response
        List<Map<String, Object>> answers = answer.jsonPath().getList("$");
        assertThat(answers).extracting(a -> a.get("id")).containsExactly(21, 22, null, "x");
        assertThat(answer.jsonPath().<Integer>getList("error.code")).containsExactly(-32000, -32602, -32600, -32000);
        assertThat(answer.jsonPath().getString("[1].error.message")).contains("name must be the name of a tool");
        assertThat(answer.jsonPath().getString("[2].error.message")).contains("entry 5 of this batch is not a JSON-RPC message");
        assertThat(answer.jsonPath().getString("[0].error.message"))
                .contains("Not run, because message 2 of this batch (counting from 1) was refused");
        // nothing ran: the refresh asked for in the batch started no crawl
        assertThat(given().get("/api/v1/jobs?source_id=" + sourceId + "&limit=1").then().statusCode(200).extract().<Integer>path("total"))
                .isEqualTo(jobsBefore);
    }

    /** The older HTTP+SSE transport: messages are posted to the endpoint the event stream names, answers come over the stream. */
    @Test
    void the_older_sse_transport_still_answers_tool_calls_after_the_checks() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = app.toURI();
        var stream = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/mcp/sse"))
                .header("Accept", "text/event-stream").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        java.util.Iterator<String> lines = stream.body().iterator();
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            String endpoint = nextData(reader, lines, d -> d.contains("/messages/"));
            java.net.URI messages = base.resolve(endpoint.strip());
            java.util.function.Consumer<String> post = body -> {
                try {
                    var answer = http.send(java.net.http.HttpRequest.newBuilder(messages).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            };
            post.accept("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2024-11-05\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"legacy\",\"version\":\"1\"}}}");
            assertThat(nextData(reader, lines, d -> d.contains("\"id\":1"))).contains("serverInfo");
            post.accept("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            // a null optional argument, tidied on the way: the search is answered
            post.accept("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"search_docs\","
                    + "\"arguments\":{\"query\":\"pool_max_connections\",\"limit\":null}}}");
            assertThat(nextData(reader, lines, d -> d.contains("\"id\":2"))).contains("pool_max_connections")
                    .doesNotContain("\"isError\":true").doesNotContain("\"error\"");
        } finally {
            reader.shutdownNow();
            stream.body().close();
        }
    }

    /** The next "data:" line of the event stream that {@code wanted} accepts, within 30 s. */
    private static String nextData(java.util.concurrent.ExecutorService reader, java.util.Iterator<String> lines,
                                   java.util.function.Predicate<String> wanted) throws Exception {
        return reader.submit(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:") && wanted.test(line.substring(5))) {
                    return line.substring(5).strip();
                }
            }
            throw new AssertionError("the event stream ended");
        }).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A session opened with plain HTTP requests, as a client without an MCP library opens one. */
    private static String rawSession() {
        Response init = given().contentType("application/json").header("Accept", "application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}").post("/mcp");
        init.then().statusCode(200);
        String session = init.header("Mcp-Session-Id");
        assertThat(session).isNotBlank();
        raw(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(202);
        return session;
    }

    private static Response raw(String session, String body) {
        return given().contentType("application/json").header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", session).body(body).post("/mcp");
    }

    /** Plain curl sends "Accept: *\/*", which covers both types the transport needs; one type alone is refused saying so. */
    @Test
    void an_accept_header_that_leaves_out_event_streams_is_refused_with_a_sentence_and_wildcards_are_served() {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
        given().contentType("application/json").header("Accept", "application/json").body(initialize).post("/mcp")
                .then().statusCode(400).contentType("application/json").body("error.code", equalTo(-32600))
                .body("error.message", containsString("\"Accept: application/json, text/event-stream\""))
                .body("error.message", containsString("(this request accepts application/json)"))
                .body("id", equalTo(1));
        given().contentType("application/json").header("Accept", "text/event-stream, application/json;q=0").body(initialize)
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32600));
        for (String accept : List.of("*/*", "application/*, text/*")) {
            given().contentType("application/json").header("Accept", accept).body(initialize).post("/mcp")
                    .then().statusCode(200).header("Mcp-Session-Id", notNullValue())
                    .body(containsString("\"serverInfo\"")).body(containsString("KnowledgeHub"));
        }
    }

    @Test
    void mcp_posts_need_json_or_a_key_header() {
        given().contentType("text/plain").header("Accept", "application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").post("/mcp")
                .then().statusCode(415);
    }
}
