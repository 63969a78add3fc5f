package io.knowledgehub.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * The contract's {@code DEBUG=true} as a log setting: KnowledgeHub's own category ({@code io.knowledgehub}) at DEBUG,
 * set before logging starts, so the start-up's own DEBUG lines are there too. Its ordinal is below the properties
 * files and the environment, so an explicit {@code QUARKUS_LOG_CATEGORY__IO_KNOWLEDGEHUB__LEVEL} still wins; the
 * libraries underneath keep {@code LOG_LEVEL}'s level. Registered with the service loader (SmallRye Config).
 */
public class DebugLogging implements ConfigSourceFactory {

    static final String CATEGORY_LEVEL = "quarkus.log.category.\"io.knowledgehub\".level";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue debug = context.getValue("DEBUG");
        if (debug == null || debug.getValue() == null || !Boolean.parseBoolean(debug.getValue().strip())) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(CATEGORY_LEVEL, "DEBUG"), "DEBUG=true", 100));
    }
}
