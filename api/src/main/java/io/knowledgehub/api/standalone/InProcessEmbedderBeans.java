package io.knowledgehub.api.standalone;

import io.knowledgehub.adapters.embeddings.EmbedderRegistry;
import io.knowledgehub.core.embed.Embedder;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The standalone embedder: the configured model in process. A class of its own, left out of the lean cluster build
 * ({@code -Dkh.embeddings=http}, which sets {@code kh.embeddings.in-process=false}): that build has no
 * {@link EmbedderRegistry} on its classpath, and the container reflects on every method of a bean class.
 */
@IfBuildProperty(name = "kh.embeddings.in-process", stringValue = "true", enableIfMissing = true)
public class InProcessEmbedderBeans {

    @Produces
    @Singleton
    @DefaultBean
    Embedder embedder(EmbedderRegistry models) {
        return models.active();
    }
}
