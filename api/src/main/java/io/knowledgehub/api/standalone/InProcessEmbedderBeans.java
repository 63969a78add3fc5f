package io.knowledgehub.api.standalone;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.ModelRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The standalone embedder: the configured model in process. A class of its own, left out of the lean cluster build
 * ({@code -Dkh.embeddings=http}, which sets {@code kh.embeddings.in-process=false}): that build carries no
 * {@link ModelRegistry} (no in-process models), so this producer's parameter could not be satisfied there.
 */
@IfBuildProperty(name = "kh.embeddings.in-process", stringValue = "true", enableIfMissing = true)
public class InProcessEmbedderBeans {

    @Produces
    @Singleton
    @DefaultBean
    Embedder embedder(ModelRegistry models) {
        return models.active();
    }
}
