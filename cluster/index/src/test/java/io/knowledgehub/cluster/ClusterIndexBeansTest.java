package io.knowledgehub.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterIndexBeansTest {

    @Test
    void without_weaviate_or_a_shared_index_directory_the_process_refuses_to_start_saying_what_to_set() {
        assertThatThrownBy(() -> new ClusterIndexBeans().searchIndex(config(Optional.empty(), Optional.empty()), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WEAVIATE_URL").hasMessageContaining("KH_CLUSTER_INDEX_DIR");
    }

    @Test
    void a_malformed_weaviate_url_is_explained() {
        assertThatThrownBy(() -> new ClusterIndexBeans().searchIndex(config(Optional.of("ftp://weaviate"), Optional.empty()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    }

    private static ClusterConfig config(Optional<String> weaviateUrl, Optional<Path> indexDir) {
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
                        return false;
                    }

                    @Override
                    public Duration refreshInterval() {
                        return Duration.ofSeconds(1);
                    }
                };
            }
        };
    }
}
