package io.knowledgehub.indexer.job;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexer is the search index's one writer: no other module of the product calls a write of the
 * {@link io.knowledgehub.core.search.SearchIndex} port (they add entries to the index outbox). The adapters implement
 * the port and the benchmarks build indexes of their own, so they are not checked.
 */
class OneIndexWriterTest {

    private static final Pattern WRITE = Pattern.compile(
            "\\b\\w*[iI]ndex\\s*\\.\\s*(upsert|replaceDocument|deleteDocuments|deleteSource|deleteChunks|clear|useModel|commit|mergeSegments)\\s*\\(");

    @Test
    void only_the_indexer_writes_the_search_index() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("core/src/main/java")).as("run from a module directory of the project").isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (!rel.contains("/src/main/java/") || rel.contains("/target/") || rel.startsWith("indexer/")
                        || rel.startsWith("adapters/") || rel.startsWith("benchmarks/") || rel.startsWith("cluster/index/")) {
                    continue;
                }
                Matcher m = WRITE.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(rel + ": " + m.group());
                }
            }
        }
        assertThat(found).as("search index writes outside the indexer (use IndexOutboxRepository)").isEmpty();
    }

    @Test
    void the_check_recognises_a_write() {
        assertThat(WRITE.matcher("        index.deleteDocuments(removed);").find()).isTrue();
        assertThat(WRITE.matcher("        searchIndex.clear();").find()).isTrue();
        assertThat(WRITE.matcher("        index.keyword(q, f, 10);").find()).isFalse();
    }
}
