package io.knowledgehub.core.crawl;

import java.util.Optional;

/**
 * Whether this deployment can render pages in a browser for sources with {@code render_js: true}. Implemented by
 * the crawler (it knows where Chromium is); asked when a source is created or changed, so a source that cannot be
 * crawled as configured is refused up front.
 */
public interface PageRendering {

    /** Why pages cannot be rendered here, as a sentence saying what to install or set; empty when they can. */
    Optional<String> unavailable();
}
