package io.knowledgehub.api.auth;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

/** The MCP endpoint with API keys required: read keys search, only admin keys refresh, no key gets a 401. */
@QuarkusTest
@TestProfile(AuthOn.class)
class McpAuthTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";

    @TestHTTPResource("/")
    URL app;

    private McpSyncClient client(String header, String value) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(app.toString()).endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    if (header != null) {
                        request.header(header, value);
                    }
                })
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    }

    @Test
    void a_read_key_as_bearer_token_searches_and_lists_but_cannot_refresh() {
        String[] key = Keys.create("assistant", "read");
        try (McpSyncClient client = client("Authorization", "Bearer " + key[1])) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("search_docs", "list_sources", "fetch_document", "refresh_source");

            McpSchema.CallToolResult search = client.callTool(new McpSchema.CallToolRequest("search_docs", Map.of("query", "connection pooling")));
            assertThat(search.isError()).as(text(search)).isNotEqualTo(Boolean.TRUE);
            assertThat(text(search)).contains("connection pooling");

            McpSchema.CallToolResult list = client.callTool(new McpSchema.CallToolRequest("list_sources", Map.of()));
            assertThat(list.isError()).as(text(list)).isNotEqualTo(Boolean.TRUE);

            McpSchema.CallToolResult refresh = client.callTool(new McpSchema.CallToolRequest("refresh_source", Map.of("source", "Any docs")));
            assertThat(refresh.isError()).isTrue();
            assertThat(text(refresh)).startsWith("refresh_source needs an admin API key");
        }
    }

    @Test
    void an_admin_key_passes_the_scope_check_of_refresh_source() {
        try (McpSyncClient client = client("X-API-Key", AuthOn.ADMIN_KEY)) {
            client.initialize();
            McpSchema.CallToolResult refresh = client.callTool(new McpSchema.CallToolRequest("refresh_source", Map.of("source", "Any docs")));
            assertThat(refresh.isError()).isTrue();
            assertThat(text(refresh)).isEqualTo("No source named 'Any docs'; list_sources shows the names.");
        }
    }

    @Test
    void without_a_valid_key_mcp_answers_401() {
        given().contentType("application/json").header("Accept", "application/json, text/event-stream").body(INITIALIZE)
                .post("/mcp")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("Authorization: Bearer"));
        given().contentType("application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer kh_not-a-real-key").body(INITIALIZE)
                .post("/mcp")
                .then().statusCode(401);

        try (McpSyncClient client = client(null, null)) {
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void a_read_key_may_end_its_mcp_session() {
        String[] key = Keys.create("assistant session", "read");
        try (McpSyncClient client = client("Authorization", "Bearer " + key[1])) {
            client.initialize();
            assertThat(client.closeGracefully()).isTrue();
        }
    }
}
