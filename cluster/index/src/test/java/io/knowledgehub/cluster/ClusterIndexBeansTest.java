package io.knowledgehub.cluster;

import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterIndexBeansTest {

    private static final SearchConfig SEARCH = SearchConfig.uncached(Integer.parseInt(SearchConfig.DEFAULT_CANDIDATES), 8,
            SearchConfig.DEFAULT_VECTOR_QUANTIZATION);

    @Test
    void without_weaviate_or_a_shared_index_directory_the_process_refuses_to_start_saying_what_to_set() {
        assertThatThrownBy(() -> new ClusterIndexBeans().searchIndex(config(Optional.empty(), Optional.empty()), null, SEARCH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WEAVIATE_URL").hasMessageContaining("KH_CLUSTER_INDEX_DIR");
    }

    @Test
    void a_malformed_weaviate_url_is_explained() {
        assertThatThrownBy(() -> new ClusterIndexBeans().searchIndex(config(Optional.of("ftp://weaviate"), Optional.empty()), null, SEARCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    }

    @Test
    void on_a_shared_directory_the_writer_writes_the_api_reads_its_commits_and_cannot_write(@TempDir Path dir) throws Exception {
        try (SearchIndex writer = new ClusterIndexBeans().searchIndex(config(Optional.empty(), Optional.of(dir), true), null, SEARCH);
             SearchIndex reader = new ClusterIndexBeans().searchIndex(config(Optional.empty(), Optional.of(dir), false), null, SEARCH)) {
            IndexModel model = new IndexModel("test-model", 3);
            writer.useModel(model);
            UUID doc = UUID.randomUUID();
            writer.upsert(List.of(new IndexedChunk(doc + ":0", doc, UUID.randomUUID(), 0, "Wombats", List.of(),
                    "wombats dig burrows", "http://127.0.0.1/w", null, "text/html", Instant.now(), new float[]{1, 0, 0})));
            writer.commit();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reader.chunkCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(reader.chunkCount()).as("the reader sees the writer's commit").isEqualTo(1);
            assertThat(reader.model()).contains(model);
            assertThatThrownBy(() -> reader.deleteDocuments(List.of(doc))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> reader.upsert(List.of())).isInstanceOf(UnsupportedOperationException.class);
            // one writer: Lucene's lock refuses a second one on the same directory
            assertThatThrownBy(() -> new ClusterIndexBeans().searchIndex(config(Optional.empty(), Optional.of(dir), true), null, SEARCH))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    private static ClusterConfig config(Optional<String> weaviateUrl, Optional<Path> indexDir) {
        return config(weaviateUrl, indexDir, false);
    }

    private static ClusterConfig config(Optional<String> weaviateUrl, Optional<Path> indexDir, boolean writer) {
        return new ClusterConfig() {
            @Override
            public String redisUrl() {
                return "redis://localhost:6379/0";
            }

            @Override
            public Weaviate weaviate() {
                return new Weaviate() {
                    @Override
                    public Optional<String> url() {
                        return weaviateUrl;
                    }

                    @Override
                    public Optional<String> grpcHost() {
                        return Optional.empty();
                    }

                    @Override
                    public OptionalInt grpcPort() {
                        return OptionalInt.empty();
                    }

                    @Override
                    public Optional<String> apiKey() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> collection() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public Optional<String> inferenceApi() {
                return Optional.empty();
            }

            @Override
            public Optional<String> inferenceApiKey() {
                return Optional.empty();
            }

            @Override
            public Duration inferenceTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int inferenceConcurrency() {
                return 4;
            }

            @Override
            public SharedIndex index() {
                return new SharedIndex() {
                    @Override
                    public Optional<Path> dir() {
                        return indexDir;
                    }

                    @Override
                    public boolean writer() {
                        return writer;
                    }

                    @Override
                    public Duration refreshInterval() {
                        return Duration.ofMillis(100);
                    }
                };
            }
        };
    }
}
