package io.knowledgehub.core.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two databases the product runs on, for tests of SQL that must mean the same on both. */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A real PostgreSQL server (zonky's embedded binaries) working under {@code dir}; close it after the tests. */
    public static EmbeddedPostgres postgres(Path dir) throws IOException {
        Path work = Files.createDirectories(dir.resolve("pg"));
        return EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(work.resolve("data")).setCleanDataDirectory(true).start();
    }

    /** An H2 database at {@code url} (file or mem) with the app's user. */
    public static JdbcDataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("kh");
        ds.setPassword("kh");
        return ds;
    }
}
