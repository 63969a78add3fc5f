package io.knowledgehub.crawler.service;

import io.knowledgehub.core.job.CrawlResult;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchResponse;
import io.knowledgehub.service.error.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the crawler service reads or writes with Jackson outside REST resources (job results, page links in a
 * text column, problem+json bodies, the search cache's entries): registered for reflection so that the
 * native executable (the {@code native} Maven profile) serialises them as the JVM build does. No effect on the JVM.
 */
@RegisterForReflection(targets = {
        CrawlResult.class,
        Problem.class,
        SearchResponse.class,
        IndexedChunk.class,
        IndexModel.class,
}, classNames = "io.knowledgehub.cluster.index.IndexWrite", registerFullHierarchy = true)
final class NativeImageRegistration {

    private NativeImageRegistration() {
    }
}
