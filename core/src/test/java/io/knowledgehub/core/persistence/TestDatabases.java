package io.knowledgehub.core.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

import javax.sql.DataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

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

    /** One migrated database with a Hibernate session factory over some of the app's entities. */
    public record Database(String name, DataSource dataSource, SessionFactory sessions) {

        /** Runs the app's migrations on {@code ds} and opens a session factory over {@code entities}. */
        public static Database migrated(String name, DataSource ds, Class<?>... entities) {
            Flyway.configure().dataSource(ds).load().migrate();
            StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                    .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds).build();
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> entity : entities) {
                sources.addAnnotatedClass(entity);
            }
            return new Database(name, ds, sources.buildMetadata().buildSessionFactory());
        }

        /** Runs {@code work} in a transaction of its own: committed when it returns, rolled back when it throws. */
        public <T> T inTransaction(Function<EntityManager, T> work) {
            try (EntityManager em = sessions.createEntityManager()) {
                em.getTransaction().begin();
                try {
                    T result = work.apply(em);
                    em.getTransaction().commit();
                    return result;
                } catch (RuntimeException | Error e) {
                    em.getTransaction().rollback();
                    throw e;
                }
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Both databases, migrated, with sessions over the same entities: the parameters of a test run on each. */
    public static final class Both implements AutoCloseable {

        private final EmbeddedPostgres postgres;
        private final List<Database> databases;

        private Both(EmbeddedPostgres postgres, List<Database> databases) {
            this.postgres = postgres;
            this.databases = databases;
        }

        /** An in-memory H2 named {@code name} and a PostgreSQL server working under {@code dir}. */
        public static Both start(Path dir, String name, Class<?>... entities) throws IOException {
            EmbeddedPostgres postgres = postgres(dir);
            return new Both(postgres, List.of(
                    Database.migrated("H2", h2("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"), entities),
                    Database.migrated("PostgreSQL", postgres.getPostgresDatabase(), entities)));
        }

        public Stream<Database> stream() {
            return databases.stream();
        }

        @Override
        public void close() throws IOException {
            for (Database db : databases) {
                db.sessions().close();
            }
            postgres.close();
        }
    }
}
