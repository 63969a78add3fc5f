package io.knowledgehub.api.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * The default of {@code quarkus.http.host}, which depends on another setting: {@code API_HOST} when set; otherwise
 * every interface ({@code 0.0.0.0}) with auth on, and loopback only ({@code 127.0.0.1}) with auth off, so that an app
 * without keys is not reachable from the network by accident. A config source with an ordinal below
 * application.properties, so {@code quarkus.http.host} / {@code QUARKUS_HTTP_HOST} still override it.
 */
public class HttpHostDefault implements ConfigSourceFactory {

    static final String LOOPBACK = "127.0.0.1";
    static final String ANY = "0.0.0.0";
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String host = host(value(context, "API_HOST"), Boolean.parseBoolean(value(context, "kh.auth.enabled")));
        return List.of(new PropertiesConfigSource(Map.of("quarkus.http.host", host), "KnowledgeHub host default", ORDINAL));
    }

    static String host(String apiHost, boolean authEnabled) {
        if (apiHost != null && !apiHost.isBlank()) {
            return apiHost.strip();
        }
        return authEnabled ? ANY : LOOPBACK;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null ? null : v.getValue();
    }
}
