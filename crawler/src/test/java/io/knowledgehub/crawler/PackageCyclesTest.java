package io.knowledgehub.crawler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crawler's packages depend on each other without cycles, so each can be read, tested and moved on its own:
 * {@code job} on top, then {@code engine}, down to {@code scope}, {@code settings} and {@code coverage}, which use
 * no other crawler package. Dependencies are read from the main sources: imports and fully qualified names in code
 * (comments and string literals left out).
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/knowledgehub/crawler");

    @Test
    void crawler_packages_have_no_cycles() {
        Map<String, Map<String, Set<String>>> graph = PackageGraph.read(SOURCES);

        assertThat(graph).as("the crawler's packages, read from " + SOURCES.toAbsolutePath())
                .containsKeys("engine", "extract", "fetch", "job", "robots", "scope");
        assertThat(PackageGraph.cycles(graph)).as(() -> "package cycles in the crawler:\n" + PackageGraph.describe(graph))
                .isEmpty();
    }

    @Test
    void reads_imports_and_qualified_names_but_not_comments_or_strings() throws IOException {
        Path root = Files.createTempDirectory("crawler-packages");
        write(root.resolve("a/A.java"), """
                package io.knowledgehub.crawler.a;

                import io.knowledgehub.crawler.b.B;
                import static io.knowledgehub.crawler.c.C.helper;

                /** See {@link io.knowledgehub.crawler.d.D}. */
                class A {
                    // io.knowledgehub.crawler.d.D in a line comment
                    String s = "io.knowledgehub.crawler.d.D // not code";
                    io.knowledgehub.crawler.e.sub.E e;
                }
                """);
        write(root.resolve("b/B.java"), "package io.knowledgehub.crawler.b;\nimport io.knowledgehub.crawler.a.*;\nclass B {}\n");

        Map<String, Map<String, Set<String>>> graph = PackageGraph.read(root);

        assertThat(graph.get("a")).containsOnlyKeys("b", "c", "e.sub");
        assertThat(graph.get("b")).containsOnlyKeys("a");
        assertThat(PackageGraph.cycles(graph)).containsExactly(List.of("a", "b", "a"));
    }

    @Test
    void names_a_cycle_through_several_packages() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        graph.put("engine", Map.of("extract", Set.of("PageTask.java"), "fetch", Set.of("PageTask.java")));
        graph.put("extract", Map.of("scope", Set.of("HtmlExtractor.java")));
        graph.put("scope", Map.of("engine", Set.of("CrawlScope.java")));
        graph.put("fetch", Map.of("engine", Set.of("FetchPolicy.java")));
        graph.put("job", Map.of("engine", Set.of("CrawlStore.java")));

        assertThat(PackageGraph.cycles(graph)).containsExactly(List.of("engine", "extract", "scope", "engine"),
                List.of("engine", "fetch", "engine"));
        assertThat(PackageGraph.describe(graph)).contains("scope -> engine (CrawlScope.java)");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Packages below {@code io.knowledgehub.crawler}, by name relative to it, and the files behind each edge. */
    static final class PackageGraph {

        private static final String ROOT = "io.knowledgehub.crawler.";
        private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
        private static final Pattern REFERENCE =
                Pattern.compile("\\bio\\s*\\.\\s*knowledgehub\\s*\\.\\s*crawler\\s*\\.\\s*((?:[a-z_]\\w*\\s*\\.\\s*)*?[a-z_]\\w*)\\s*\\.\\s*[A-Z*]");

        private PackageGraph() {
        }

        /** package -> (package it uses -> files that use it) */
        static Map<String, Map<String, Set<String>>> read(Path root) {
            Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = code(Files.readString(file));
                    Matcher p = PACKAGE.matcher(code);
                    if (!p.find() || !p.group(1).startsWith(ROOT)) {
                        continue;
                    }
                    String from = p.group(1).substring(ROOT.length());
                    Map<String, Set<String>> uses = graph.computeIfAbsent(from, k -> new TreeMap<>());
                    Matcher r = REFERENCE.matcher(code);
                    while (r.find()) {
                        String to = r.group(1).replaceAll("\\s", "");
                        if (!to.equals(from)) {
                            uses.computeIfAbsent(to, k -> new TreeSet<>()).add(file.getFileName().toString());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return graph;
        }

        /** The source without comments, string, text block and character literals. */
        static String code(String source) {
            StringBuilder out = new StringBuilder(source.length());
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (source.startsWith("//", i)) {
                    int end = source.indexOf('\n', i);
                    i = end < 0 ? n : end;
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                    out.append(' ');
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    while (end > 0 && source.charAt(end - 1) == '\\') {
                        end = source.indexOf("\"\"\"", end + 1);
                    }
                    i = end < 0 ? n : end + 3;
                    out.append("\"\"");
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                        j += source.charAt(j) == '\\' ? 2 : 1;
                    }
                    i = Math.min(j + 1, n);
                    out.append(c).append(c);
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        /**
         * For each group of packages that depend on each other, the shortest cycle from its first package (by name)
         * through each of the group's packages it uses directly, as paths that end where they start.
         */
        static List<List<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
            List<List<String>> out = new ArrayList<>();
            for (Set<String> group : groups(graph)) {
                if (group.size() > 1) {
                    String start = group.iterator().next();
                    for (String next : new TreeSet<>(graph.getOrDefault(start, Map.of()).keySet())) {
                        if (group.contains(next)) {
                            out.add(cycle(graph, group, start, next));
                        }
                    }
                }
            }
            return out;
        }

        /** The graph's edges, one a line, the cycles first. */
        static String describe(Map<String, Map<String, Set<String>>> graph) {
            StringBuilder out = new StringBuilder();
            for (List<String> cycle : cycles(graph)) {
                out.append("cycle: ").append(String.join(" -> ", cycle)).append('\n');
            }
            graph.forEach((from, uses) -> uses.forEach((to, files) ->
                    out.append(from).append(" -> ").append(to).append(" (").append(String.join(", ", files)).append(")\n")));
            return out.toString();
        }

        // Tarjan's strongly connected components
        private static List<Set<String>> groups(Map<String, Map<String, Set<String>>> graph) {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            Set<String> onStack = new TreeSet<>();
            List<Set<String>> out = new ArrayList<>();
            for (String start : graph.keySet()) {
                if (!index.containsKey(start)) {
                    connect(start, graph, index, low, stack, onStack, out);
                }
            }
            return out;
        }

        private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                                     Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
                if (!index.containsKey(w)) {
                    connect(w, graph, index, low, stack, onStack, out);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> group = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    group.add(w);
                } while (!w.equals(v));
                out.add(group);
            }
        }

        /** start, then a shortest path inside the group from next back to start. */
        private static List<String> cycle(Map<String, Map<String, Set<String>>> graph, Set<String> group, String start, String next) {
            Map<String, String> parent = new HashMap<>();
            parent.put(next, null);
            Deque<String> queue = new ArrayDeque<>(List.of(next));
            while (!queue.isEmpty()) {
                String v = queue.poll();
                if (v.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String u = v; u != null; u = parent.get(u)) {
                        path.addFirst(u);
                    }
                    path.addFirst(start);
                    return path;
                }
                for (String w : new TreeSet<>(graph.getOrDefault(v, Map.of()).keySet())) {
                    if (group.contains(w) && !parent.containsKey(w)) {
                        parent.put(w, v);
                        queue.add(w);
                    }
                }
            }
            throw new IllegalStateException("no path from " + next + " back to " + start + " in " + group);
        }
    }
}
