package io.knowledgehub.indexer.chunk;

import java.util.List;

/**
 * The blocks under one heading, up to the next heading of any level.
 *
 * @param path   the heading and its ancestors, outermost first; empty for text before the first heading
 * @param anchor the heading's anchor, else the nearest ancestor's that has one, else null
 */
record Section(List<Heading> path, String anchor, List<Block> blocks) {

    List<String> headingTexts() {
        return path.stream().map(Heading::text).toList();
    }
}
