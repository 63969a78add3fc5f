package io.knowledgehub.core.search;

/** The index was built with another embedding model than the one configured. */
public class IndexModelMismatchException extends RuntimeException {

    public IndexModelMismatchException(IndexModel stored, IndexModel configured) {
        super("The search index holds vectors of " + stored.name() + " (" + stored.dimension() + " dimensions) but the "
                + "configured model is " + configured.name() + " (" + configured.dimension() + " dimensions). Set the "
                + "embedding model back to " + stored.name() + ", or re-index: POST /api/v1/index/rebuild re-embeds every "
                + "document with the configured model.");
    }
}
