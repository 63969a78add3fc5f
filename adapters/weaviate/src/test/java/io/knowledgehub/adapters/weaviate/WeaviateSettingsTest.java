package io.knowledgehub.adapters.weaviate;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeaviateSettingsTest {

    @Test
    void a_local_url_gives_its_host_and_port_and_the_default_grpc_port_and_collection() {
        WeaviateSettings s = WeaviateSettings.of("http://localhost:8080", null, null, null);
        assertThat(s.scheme()).isEqualTo("http");
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.grpcPort()).isEqualTo(50051);
        assertThat(s.apiKey()).isNull();
        assertThat(s.collection()).isEqualTo("KnowledgeChunk");
    }

    @Test
    void the_port_defaults_to_the_schemes_and_the_scheme_to_http() {
        assertThat(WeaviateSettings.of("https://search.example.com", null, null, null).httpPort()).isEqualTo(443);
        assertThat(WeaviateSettings.of("HTTP://search.example.com/", null, null, null).httpPort()).isEqualTo(80);
        WeaviateSettings bare = WeaviateSettings.of("  weaviate:8081 ", 6000, null, null);
        assertThat(bare.scheme()).isEqualTo("http");
        assertThat(bare.host()).isEqualTo("weaviate");
        assertThat(bare.httpPort()).isEqualTo(8081);
        assertThat(bare.grpcPort()).isEqualTo(6000);
    }

    @Test
    void urls_the_client_cannot_honour_are_refused_with_an_example() {
        assertThatThrownBy(() -> WeaviateSettings.of("http://localhost:8080/v1", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server root");
        assertThatThrownBy(() -> WeaviateSettings.of("ftp://localhost:8080", null, null, null))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> WeaviateSettings.of("http://user:secret@localhost:8080", null, null, null))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> WeaviateSettings.of(" ", null, null, null)).hasMessageContaining("http://localhost:8080");
        assertThatThrownBy(() -> WeaviateSettings.of("http://localhost:8080", 70000, null, null)).hasMessageContaining("gRPC port");
    }

    @Test
    void collection_names_follow_weaviates_rule() {
        assertThat(WeaviateSettings.of("http://h:1", null, null, "Docs_2").collection()).isEqualTo("Docs_2");
        assertThatThrownBy(() -> WeaviateSettings.of("http://h:1", null, null, "docs")).hasMessageContaining("capital");
        assertThatThrownBy(() -> WeaviateSettings.of("http://h:1", null, null, "My-Docs")).hasMessageContaining("capital");
    }

    @Test
    void the_api_key_is_used_but_never_shown() {
        WeaviateSettings s = WeaviateSettings.of("https://h", null, " k3y ", null);
        assertThat(s.apiKey()).isEqualTo("k3y");
        assertThat(s.toString()).doesNotContain("k3y").contains("***");
        assertThat(WeaviateSettings.of("https://h", null, "  ", null).apiKey()).isNull();
    }

    @Test
    void settings_come_from_the_environment() {
        WeaviateSettings s = WeaviateSettings.fromEnvironment(Map.of("WEAVIATE_URL", "http://weaviate:8080",
                "WEAVIATE_GRPC_PORT", "50052", "WEAVIATE_API_KEY", "key", "WEAVIATE_COLLECTION", "Chunks"));
        assertThat(s).isEqualTo(new WeaviateSettings("http", "weaviate", 8080, "weaviate", 50052, "key", "Chunks"));
        assertThat(WeaviateSettings.fromEnvironment(Map.of("WEAVIATE_URL", "http://weaviate:8080", "WEAVIATE_GRPC_HOST", "weaviate-grpc"))
                .grpcHost()).isEqualTo("weaviate-grpc");
        assertThatThrownBy(() -> WeaviateSettings.fromEnvironment(Map.of())).hasMessageContaining("WEAVIATE_URL is not set");
        assertThatThrownBy(() -> WeaviateSettings.fromEnvironment(Map.of("WEAVIATE_URL", "http://h:1", "WEAVIATE_GRPC_PORT", "grpc")))
                .hasMessageContaining("WEAVIATE_GRPC_PORT");
    }
}
