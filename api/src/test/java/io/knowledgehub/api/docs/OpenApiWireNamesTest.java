package io.knowledgehub.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas of the OpenAPI document served at {@code /openapi} name the properties the way the API's JSON does
 * (snake_case, {@code quarkus.jackson.property-naming-strategy}), so a client generated from it, or Swagger UI's "Try
 * it out", sends fields the API accepts: unknown fields are refused with 400.
 */
@QuarkusTest
class OpenApiWireNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WIRE_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final String NOT_A_FIELD = "kh_not_a_field";
    private static final Pattern ACCEPTED = Pattern.compile("the accepted fields are (.*)\\.$");
    /** The t2v-transformers compatible endpoint ignores unknown fields, as that API does. */
    private static final Set<String> IGNORES_UNKNOWN_FIELDS = Set.of("POST /vectors");

    /** A valid value for each property of the documented SearchRequest body (POST /api/v1/search), by wire name. */
    private static final Map<String, Object> SEARCH_VALUES = Map.of(
            "query", "connection pooling",
            "search_type", "keyword",
            "limit", 5,
            "offset", 0,
            "raw_chunks", true,
            "snippet_format", "markdown");
    private static final Map<String, Object> FILTER_VALUES = Map.of(
            "source_ids", List.of(UUID.randomUUID().toString()),
            "date_from", "2024-01-01",
            "date_to", "2099-12-31",
            "content_types", List.of("html", "markdown"));

    private static JsonNode openApi() throws Exception {
        String served = given().accept("application/json").get("/openapi?format=json").then().statusCode(200).extract().asString();
        return JSON.readTree(served);
    }

    private static JsonNode schemas(JsonNode doc) {
        return doc.path("components").path("schemas");
    }

    /** The component a {@code $ref} names, or the schema itself when it is no reference. */
    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String prefix = "#/components/schemas/";
        assertThat(ref.asText()).startsWith(prefix);
        return schemas(doc).path(ref.asText().substring(prefix.length()));
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The body schema of an operation, or null when it takes no JSON object described by a component. */
    private static JsonNode jsonBodySchema(JsonNode doc, JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").get("schema");
        if (schema == null || schema.get("$ref") == null) {
            return null;
        }
        return resolve(doc, schema);
    }

    @Test
    void every_schema_property_has_its_snake_case_wire_name() throws Exception {
        JsonNode doc = openApi();
        List<String> camel = new ArrayList<>();
        int properties = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas(doc).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = it.next();
            for (String name : propertyNames(schema.getValue())) {
                properties++;
                if (!WIRE_NAME.matcher(name).matches()) {
                    camel.add(schema.getKey() + "." + name);
                }
            }
        }
        assertThat(properties).as("properties in the served components").isGreaterThan(100);
        assertThat(camel).as("properties not named as on the wire (snake_case)").isEmpty();
        assertThat(propertyNames(schemas(doc).path("SearchBody")))
                .contains("search_type", "raw_chunks", "snippet_format").doesNotContain("searchType", "rawChunks");
        assertThat(propertyNames(schemas(doc).path("SearchResponse"))).contains("search_type", "took_ms");
        // an explicit @JsonProperty name is the wire name, kept as it is (CrawlCoverage.Counts: "new" for created)
        List<Set<String>> crawlCounts = new ArrayList<>();
        schemas(doc).elements().forEachRemaining(schema -> {
            Set<String> names = propertyNames(schema);
            if (names.containsAll(Set.of("discovered", "fetched", "unchanged"))) {
                crawlCounts.add(names);
            }
        });
        assertThat(crawlCounts).as("the crawl coverage counts").hasSize(1);
        assertThat(crawlCounts.getFirst()).contains("new").doesNotContain("created");
    }

    @Test
    void json_node_fields_are_free_form_objects() throws Exception {
        JsonNode doc = openApi();
        Map<String, String> objects = Map.of("SourceView", "config", "CreateSourceRequest", "config",
                "UpdateSourceRequest", "config", "ChunkView", "metadata", "NewChunkBody", "metadata", "JobView", "result");
        objects.forEach((component, property) -> {
            JsonNode schema = schemas(doc).path(component).path("properties").path(property);
            assertThat(schema.isMissingNode()).as(component + "." + property + " is documented").isFalse();
            JsonNode resolved = resolve(doc, schema);
            assertThat(resolved.path("type").asText()).as(component + "." + property + " type").isEqualTo("object");
            assertThat(resolved.has("properties")).as(component + "." + property + " lists no Jackson internals").isFalse();
            assertThat(resolved.path("additionalProperties").asBoolean(true)).as(component + "." + property + " allows any key").isTrue();
        });
        JsonNode headings = resolve(doc, schemas(doc).path("DocumentView").path("properties").path("headings"));
        assertThat(headings.path("type").asText()).isEqualTo("array");
        assertThat(propertyNames(resolve(doc, headings.path("items")))).containsExactlyInAnyOrder("level", "text", "anchor");
        assertThat(schemas(doc).has("JsonNodeType")).isFalse();
        assertThat(doc.toString()).doesNotContain("containerNode", "missingNode", "container_node", "missing_node");
    }

    /**
     * For every operation whose body is a documented JSON object, the API's 400 for an unknown field lists the fields
     * it accepts: they are exactly the schema's properties.
     */
    @Test
    void every_documented_request_body_has_the_fields_the_api_accepts() throws Exception {
        JsonNode doc = openApi();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode schema = jsonBodySchema(doc, op.getValue());
                if (schema == null || !schema.has("properties")) {
                    continue;
                }
                String uri = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                if (IGNORES_UNKNOWN_FIELDS.contains(name)) {
                    continue;
                }
                assertThat(acceptedFields(op.getKey(), uri, Map.of(NOT_A_FIELD, 1)))
                        .as(name + ": the fields the API accepts are the documented ones").isEqualTo(propertyNames(schema));
                checked.add(name);
            }
        }
        assertThat(checked).as("operations with a documented JSON body")
                .contains("POST /api/v1/search", "POST /api/v1/sources", "PATCH /api/v1/sources/{id}", "POST /api/v1/chunks")
                .hasSizeGreaterThanOrEqualTo(6);
        // and the nested search filters
        JsonNode filters = resolve(doc, schemas(doc).path("SearchBody").path("properties").path("filters"));
        assertThat(acceptedFields("post", "/api/v1/search", Map.of("query", "x", "filters", Map.of(NOT_A_FIELD, 1))))
                .isEqualTo(propertyNames(filters));
    }

    private static Set<String> acceptedFields(String method, String uri, Map<String, Object> body) {
        Response refused = given().contentType(ContentType.JSON).accept("application/json").body(body).request(method, uri);
        assertThat(refused.statusCode()).as(method + " " + uri + " with an unknown field: " + refused.asString()).isEqualTo(400);
        String detail = refused.jsonPath().getString("detail");
        var m = ACCEPTED.matcher(detail == null ? "" : detail);
        assertThat(m.find()).as(method + " " + uri + " names the accepted fields: " + detail).isTrue();
        return new TreeSet<>(Arrays.asList(m.group(1).split(", ")));
    }

    /** A search built from the documented SearchBody (and Filters) property names, as a generated client sends it. */
    @Test
    void a_search_built_from_the_documented_schema_is_accepted() throws Exception {
        JsonNode doc = openApi();
        JsonNode searchBody = schemas(doc).path("SearchBody");
        Map<String, Object> body = new LinkedHashMap<>();
        for (String property : propertyNames(searchBody)) {
            if (property.equals("filters")) {
                JsonNode filterSchema = resolve(doc, searchBody.path("properties").path("filters"));
                Map<String, Object> filters = new LinkedHashMap<>();
                for (String f : propertyNames(filterSchema)) {
                    assertThat(FILTER_VALUES).as("a documented search filter: " + f).containsKey(f);
                    filters.put(f, FILTER_VALUES.get(f));
                }
                body.put(property, filters);
            } else {
                assertThat(SEARCH_VALUES).as("a documented search field: " + property).containsKey(property);
                body.put(property, SEARCH_VALUES.get(property));
            }
        }
        assertThat(body).containsKeys("search_type", "raw_chunks", "snippet_format", "filters");

        Response answer = given().contentType(ContentType.JSON).accept("application/json").body(body).post("/api/v1/search");
        assertThat(answer.statusCode()).as("POST /api/v1/search " + body + ": " + answer.asString()).isEqualTo(200);
        JsonNode response = JSON.readTree(answer.asString());
        Set<String> keys = new TreeSet<>();
        response.fieldNames().forEachRemaining(keys::add);
        assertThat(propertyNames(schemas(doc).path("SearchResponse"))).as("the documented search response")
                .containsAll(keys);
        assertThat(response.path("search_type").asText()).isEqualTo("keyword");
    }
}
