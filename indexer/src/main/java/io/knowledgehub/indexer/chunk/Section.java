package io.knowledgehub.indexer.chunk;

import io.knowledgehub.core.document.Heading;

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

    /**
     * How many leading headings two paths share. Compared by identity: two "Example" headings in different places
     * are different headings even when their level, text and anchor agree.
     */
    static int sharedDepth(List<Heading> a, List<Heading> b) {
        int depth = 0;
        while (depth < a.size() && depth < b.size() && a.get(depth) == b.get(depth)) {
            depth++;
        }
        return depth;
    }
}
