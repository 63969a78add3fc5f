package io.knowledgehub.core;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the spec's {@code DATABASE_URL} work: {@code postgresql://user:password@host:5432/db} (or {@code postgres://},
 * or a {@code jdbc:postgresql://} URL) becomes the datasource's JDBC URL, user name and password.
 *
 * <p>Its ordinal (275) is above {@code application.properties} (250) and below environment variables (300): an
 * explicit {@code QUARKUS_DATASOURCE_JDBC_URL} still wins. A build for another database (the standalone app's embedded
 * H2) ignores {@code DATABASE_URL}.
 */
public class DatabaseUrl implements ConfigSourceFactory {

    public static final String NAME = "DATABASE_URL";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    private static final String DB_KIND = "quarkus.datasource.db-kind";
    private static final int ORDINAL = 275;
    private static final String EXAMPLE = "postgresql://user:password@host:5432/knowledgehub";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue(NAME);
        if (url == null || url.getValue() == null || url.getValue().isBlank()) {
            return List.of();
        }
        ConfigValue kind = context.getValue(DB_KIND);
        if (kind != null && kind.getValue() != null && !isPostgres(kind.getValue())) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("KnowledgeHub DATABASE_URL", toJdbc(url.getValue()), ORDINAL) {
        });
    }

    private static boolean isPostgres(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres", "pgsql", "pg" -> true;
            default -> false;
        };
    }

    /**
     * The datasource properties for {@code url}; user and password only when the URL has them.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong (the password never shown)
     */
    public static Map<String, String> toJdbc(String url) {
        String text = url.strip();
        Map<String, String> out = new LinkedHashMap<>();
        if (text.startsWith("jdbc:postgresql:")) {
            out.put(JDBC_URL, text);
            return out;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(NAME + " is not a URL (" + e.getReason() + "); write it like " + EXAMPLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException(NAME + " must start with postgresql:// (or postgres://), got "
                    + (scheme.isEmpty() ? "no scheme" : scheme + "://") + "; write it like " + EXAMPLE);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(NAME + " names no host; write it like " + EXAMPLE);
        }
        String path = uri.getRawPath();
        if (path == null || path.length() <= 1) {
            throw new IllegalArgumentException(NAME + " names no database after the host; write it like " + EXAMPLE);
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() != -1) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(path);
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        out.put(JDBC_URL, jdbc.toString());
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            String user = colon < 0 ? info : info.substring(0, colon);
            if (!user.isEmpty()) {
                out.put(USERNAME, decode(user));
            }
            if (colon >= 0) {
                out.put(PASSWORD, decode(info.substring(colon + 1)));
            }
        }
        return out;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
