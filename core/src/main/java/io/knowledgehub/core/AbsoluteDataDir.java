package io.knowledgehub.core;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a relative {@code KH_DATA_DIR} work: resolves the data directory against the working directory, and
 * with it the embedded database's file URL (the database refuses relative paths). Only an embedded-file URL is
 * touched; a server URL (cluster mode) or an in-memory one stays as configured.
 */
public class AbsoluteDataDir implements ConfigSourceFactory {

    private static final String DATA_DIR = "kh.data-dir";
    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String H2_FILE = "jdbc:h2:file:";
    /** Above environment variables (300), which may hold the relative form. */
    private static final int ORDINAL = 310;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> values = new HashMap<>();
        ConfigValue dir = context.getValue(DATA_DIR);
        if (dir != null && dir.getValue() != null && !dir.getValue().isBlank()) {
            values.put(DATA_DIR, absolute(dir.getValue()));
        }
        ConfigValue url = context.getValue(JDBC_URL);
        if (url != null && url.getValue() != null && url.getValue().startsWith(H2_FILE)) {
            String rest = url.getValue().substring(H2_FILE.length());
            int semi = rest.indexOf(';');
            String path = semi < 0 ? rest : rest.substring(0, semi);
            String options = semi < 0 ? "" : rest.substring(semi);
            if (!path.startsWith("~") && !Path.of(path).isAbsolute()) {
                values.put(JDBC_URL, H2_FILE + absolute(path) + options);
            }
        }
        return List.of(new MapBackedConfigSource("KnowledgeHub absolute data directory", values, ORDINAL) {
        });
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
