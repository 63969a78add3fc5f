package io.knowledgehub.api.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The unit tests of the web UI's pure modules ({@code src/test/js/*.test.mjs}: snippets, hash routing, merge
 * patches, job counters…) run by Node's built-in test runner, without npm packages, as part of the Maven build:
 * skipped only with the other tests ({@code -DskipTests}). Without Node.js the build fails and says what to install.
 * The same tests run alone with {@code node --test api/src/test/js/*.test.mjs}; the file list, not a folder, is
 * passed because Node 21+ no longer searches a folder given to {@code --test}.
 */
class WebUiModulesTest {

    private static final Path TESTS = Path.of("src", "test", "js");
    private static final Path REPORT = Path.of("target", "web-ui-node-tests.txt");
    private static final String INSTALL = "The web UI's unit tests (api/src/test/js) need Node.js 18 or newer on the PATH: "
            + "install it (Debian: apt-get install nodejs), or skip all tests with -DskipTests.";

    @Test
    void pure_ui_modules_pass_their_node_tests() throws Exception {
        List<String> files;
        try (Stream<Path> all = Files.list(TESTS)) {
            files = all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.mjs")).sorted().toList();
        }
        assertThat(files).as("test files in %s", TESTS.toAbsolutePath()).isNotEmpty();
        int major = nodeMajorVersion();
        assertThat(major).as(INSTALL + " Found Node.js " + major + ".").isGreaterThanOrEqualTo(18);

        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec"));
        files.forEach(f -> command.add(TESTS.resolve(f).toString()));
        Files.createDirectories(REPORT.getParent());
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(REPORT.toFile()).start();
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            fail("node --test did not finish within 5 minutes:%n%s", Files.readString(REPORT));
        }
        String report = Files.readString(REPORT);
        // a failing test, or a file that does not load, makes node exit with 1
        assertThat(node.exitValue()).as("node --test failed (exit %d):%n%s", node.exitValue(), report).isZero();
        System.out.println(report);
    }

    private static int nodeMajorVersion() throws InterruptedException {
        String version;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
        } catch (IOException e) {
            throw new AssertionError(INSTALL + " (" + e.getMessage() + ")", e);
        }
        if (!version.matches("v\\d+\\..*")) throw new AssertionError(INSTALL + " 'node --version' answered: " + version);
        return Integer.parseInt(version.substring(1, version.indexOf('.')));
    }
}
