/**
 * The {@link io.knowledgehub.core.crawl.PageFetcher} port: one HTTP GET, policies (redirects, retries) left to the
 * crawler; which addresses it may reach is decided in {@code address}.
 */
package io.knowledgehub.core.crawl;
