package io.knowledgehub.crawler.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the crawler service reads or writes with Jackson outside REST resources (job results, page links in a
 * text column, problem+json bodies, the search cache's entries): registered for reflection so that the
 * native executable (the {@code native} Maven profile) serialises them as the JVM build does. No effect on the JVM.
 */
@RegisterForReflection(targets = {
        io.knowledgehub.core.job.CrawlResult.class,
        io.knowledgehub.service.error.Problem.class,
        io.knowledgehub.core.search.SearchResponse.class,
        io.knowledgehub.core.search.IndexedChunk.class,
        io.knowledgehub.core.search.IndexModel.class,
}, classNames = "io.knowledgehub.cluster.index.IndexWrite", registerFullHierarchy = true)
final class NativeImageRegistration {

    private NativeImageRegistration() {
    }
}
