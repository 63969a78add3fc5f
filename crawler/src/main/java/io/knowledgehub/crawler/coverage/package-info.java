/**
 * Why a URL of a crawl was not stored: {@link io.knowledgehub.crawler.coverage.UrlReason}, the stable codes of the
 * coverage report, recorded wherever the decision is made (the fetch policy for HTTP failures, the engine for
 * scope, limits and duplicates).
 */
package io.knowledgehub.crawler.coverage;
