package io.knowledgehub.indexer.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The context line in front of a chunk's embed text: {@code Title › Heading › Subheading}. It must leave the
 * content most of the window, so within its budget it falls back to the heading path alone, then the nearest
 * heading, then nothing.
 */
final class ContextPrefix {

    static final String SEPARATOR = " › ";

    private ContextPrefix() {
    }

    static String of(String title, List<String> path, ToIntFunction<String> tokens, int budget) {
        List<String> full = new ArrayList<>();
        if (title != null && !title.isBlank()) {
            full.add(title.strip());
        }
        for (int i = 0; i < path.size(); i++) {
            String heading = path.get(i).strip();
            boolean repeatsTitle = i == 0 && !full.isEmpty() && heading.equalsIgnoreCase(full.getFirst());
            if (!repeatsTitle) { // a page's h1 usually repeats its title
                full.add(heading);
            }
        }
        List<List<String>> candidates = new ArrayList<>();
        candidates.add(full);
        candidates.add(path);
        if (!path.isEmpty()) {
            candidates.add(List.of(path.getLast()));
        }
        for (List<String> candidate : candidates) {
            String line = String.join(SEPARATOR, candidate);
            if (!line.isEmpty() && tokens.applyAsInt(line) <= budget) {
                return line;
            }
        }
        return "";
    }
}
