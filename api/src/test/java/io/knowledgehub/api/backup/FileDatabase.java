package io.knowledgehub.api.backup;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/**
 * The app as it runs for users: its database in a file under the data directory (the other tests keep it in memory),
 * a fresh data directory per test run, and small indexing batches, so that a crawl's indexing is many steps.
 */
public class FileDatabase implements QuarkusTestProfile {

    /** A system property, not a static value alone: this class is loaded by the test and again by the app's class loader. */
    static final Path DATA = Path.of(System.getProperties().computeIfAbsent("backup-resource-test.data-dir", k -> Path.of("target",
            "backup-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).toAbsolutePath().toString()).toString());

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kh.data-dir", DATA.toString(),
                "quarkus.datasource.jdbc.url", "jdbc:h2:file:" + DATA.resolve("db/knowledgehub") + ";DB_CLOSE_ON_EXIT=FALSE",
                "kh.indexer.batch-documents", "3");
    }
}
