package io.knowledgehub.core.persistence;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One repository per aggregate, and queries only there: no file of any module's {@code src/main/java} but a
 * {@code *Repository.java} creates a JPA query, holds the text of one (JPQL naming an entity, or SQL naming an
 * entity's table) or works with the {@code EntityManager} (finds, persists). The entities and their tables are read from the sources, so a new aggregate is covered without
 * touching this test.
 */
class QueriesLiveInRepositoriesTest {

    /**
     * Files that read a copy of the database (a backup's, a benchmark's data folder) on a JDBC connection of their
     * own: they inspect a file, not the product's tables through the product.
     */
    private static final Set<String> READS_A_DATABASE_COPY = Set.of(
            "api/src/main/java/io/knowledgehub/api/backup/BackupService.java",
            "benchmarks/src/main/java/io/knowledgehub/benchmarks/IndexingBenchmark.java");

    private static final Pattern QUERY_CALL = Pattern.compile("\\bcreate(Native)?Query\\s*\\(");
    private static final Pattern QUERY_START = Pattern.compile("^\\s*(select|update|delete|insert|from)\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY_MANAGER = Pattern.compile("\\bEntityManager\\b");
    private static final Pattern ENTITY = Pattern.compile("@Entity\\b");
    private static final Pattern CLASS_NAME = Pattern.compile("\\bclass\\s+(\\w+)");
    private static final Pattern TABLE_NAME = Pattern.compile("@Table\\s*\\(\\s*name\\s*=\\s*\"(\\w+)\"");

    @Test
    void no_query_outside_a_repository_in_any_module() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources = mainSources(root);
        Set<String> entities = new LinkedHashSet<>();
        Set<String> tables = new LinkedHashSet<>();
        for (Path file : sources) {
            String text = Files.readString(file);
            if (ENTITY.matcher(text).find()) {
                Matcher c = CLASS_NAME.matcher(text);
                if (c.find()) {
                    entities.add(c.group(1));
                }
                Matcher t = TABLE_NAME.matcher(text);
                if (t.find()) {
                    tables.add(t.group(1));
                }
            }
        }
        assertThat(entities).as("the entities found, so that the scan looks at the right tree")
                .contains("KnowledgeSource", "Document", "DocumentChunk", "DocumentAlias", "Job");

        List<String> violations = new ArrayList<>();
        for (Path file : sources) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            if (file.getFileName().toString().endsWith("Repository.java") || READS_A_DATABASE_COPY.contains(relative)) {
                continue;
            }
            for (String v : violations(Files.readString(file), entities, tables)) {
                violations.add(relative + ": " + v);
            }
        }
        assertThat(violations).as("queries outside the repositories (move them into the aggregate's *Repository)").isEmpty();
    }

    @Test
    void finds_a_query_call_and_the_text_of_a_query_but_not_mentions_in_comments_or_messages() {
        Set<String> entities = Set.of("Document", "KnowledgeSource");
        Set<String> tables = Set.of("documents", "knowledge_sources");

        assertThat(violations("int n = em.createQuery(q).executeUpdate();", entities, tables))
                .containsExactly("calls createQuery(");
        assertThat(violations("em.createNativeQuery(sql);", entities, tables)).containsExactly("calls createNativeQuery(");
        assertThat(violations("import jakarta.persistence.EntityManager;", entities, tables)).containsExactly("uses the EntityManager");
        assertThat(violations("String q = \"from Document where url = :u\";", entities, tables))
                .containsExactly("query text \"from Document where url = :u\"");
        assertThat(violations("String q = \"UPDATE KnowledgeSource set name = :n\";", entities, tables)).hasSize(1);
        assertThat(violations("c.prepareStatement(\"select id from documents where id = any(?)\");", entities, tables)).hasSize(1);

        assertThat(violations("// em.createQuery(\"from Document\")\n/* select x from Document */ int a;", entities, tables)).isEmpty();
        assertThat(violations("throw new X(\"Delete the Document first\" + \"update: \\\"from Document\\\"\");", entities, tables))
                .as("messages that merely start with a verb or quote a query inside").isEmpty();
        assertThat(violations("String q = \"select d.id from documentsArchive d\";", entities, tables)).isEmpty();
        assertThat(violations("String q = \"select count(*) from embedding_cache\"; String u = \"http://x/\";", entities, tables))
                .as("tables of no entity (a cache of an adapter)").isEmpty();
    }

    /** What in {@code source} is a query outside a repository; empty when nothing. */
    static List<String> violations(String source, Set<String> entities, Set<String> tables) {
        List<String> out = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        List<String> literals = new ArrayList<>();
        split(source, code, literals);
        Matcher call = QUERY_CALL.matcher(code);
        while (call.find()) {
            out.add("calls create" + (call.group(1) == null ? "" : "Native") + "Query(");
        }
        if (ENTITY_MANAGER.matcher(code).find()) {
            out.add("uses the EntityManager");
        }
        for (String literal : literals) {
            if (QUERY_START.matcher(literal).find() && (namesAny(literal, entities, false) || namesAny(literal, tables, true))) {
                out.add("query text \"" + literal + "\"");
            }
        }
        return out;
    }

    private static boolean namesAny(String text, Set<String> names, boolean ignoreCase) {
        for (String name : names) {
            // where a query names what it reads or writes: not a message that merely mentions the word
            Pattern word = Pattern.compile("(?i:\\b(?:from|update|join|into)\\s+)" + Pattern.quote(name) + "(?!\\w)",
                    ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            if (word.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** Splits Java source into its code (comments and literals left out) and its string literals (text blocks included). */
    private static void split(String s, StringBuilder code, List<String> literals) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                literals.add(s.substring(i + 3, end).strip());
                i = Math.min(n, end + 3);
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    if (s.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    literal.append(s.charAt(j));
                    j++;
                }
                if (c == '"') {
                    literals.add(literal.toString());
                }
                i = j + 1;
                code.append(c).append(c);
            } else {
                code.append(c);
                i++;
            }
        }
    }

    private static List<Path> mainSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').contains("src/main/java/"))
                    .filter(p -> {
                        String r = root.relativize(p).toString().replace('\\', '/');
                        return !r.contains("/target/") && !r.contains("node_modules/") && !r.startsWith(".");
                    })
                    .sorted().toList();
        }
    }

    /** The reactor root: the nearest folder above the working directory with {@code mvnw} and the {@code core} module. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("core/src/main/java"))) {
                return p;
            }
        }
        throw new UncheckedIOException(new IOException("no reactor root above " + Path.of("").toAbsolutePath()));
    }
}
