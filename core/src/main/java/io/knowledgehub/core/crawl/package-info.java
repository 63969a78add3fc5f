/** The {@link io.knowledgehub.core.crawl.PageFetcher} port: one HTTP GET, policies (redirects, retries) left to the crawler. */
package io.knowledgehub.core.crawl;
