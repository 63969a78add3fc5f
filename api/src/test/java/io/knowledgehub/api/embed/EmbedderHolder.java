package io.knowledgehub.api.embed;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.ModelRegistry;
import io.quarkus.arc.Arc;

/** The app's own in-process model, for comparing with what the HTTP endpoints serve. */
final class EmbedderHolder {

    private EmbedderHolder() {
    }

    static Embedder local() {
        return Arc.container().instance(ModelRegistry.class).get().active();
    }
}
