package io.knowledgehub.api.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The REST API names JSON properties in snake_case ({@code quarkus.jackson.property-naming-strategy}), but the MCP
 * server extension writes its protocol types ({@code isError}, {@code mimeType}, ...) with the same ObjectMapper and
 * the protocol's names are camelCase: keep the API's strategy for everything except the extension's own types.
 * Runs after Quarkus' configuration customizer, which sets the API's strategy.
 */
@Singleton
public class McpJsonNaming implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        PropertyNamingStrategy api = mapper.getPropertyNamingStrategy();
        if (api != null && !(api instanceof ExceptProtocolTypes)) {
            mapper.setPropertyNamingStrategy(new ExceptProtocolTypes(api));
        }
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    static boolean isProtocolType(AnnotatedMember member) {
        Class<?> owner = member.getDeclaringClass();
        return owner != null && owner.getName().startsWith("io.quarkiverse.mcp.");
    }

    /** Delegates to the API's strategy, and leaves the MCP extension's property names as they are. */
    static final class ExceptProtocolTypes extends PropertyNamingStrategy {

        private static final long serialVersionUID = 1L;

        private final PropertyNamingStrategy api;

        ExceptProtocolTypes(PropertyNamingStrategy api) {
            this.api = api;
        }

        @Override
        public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
            return isProtocolType(field) ? defaultName : api.nameForField(config, field, defaultName);
        }

        @Override
        public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
            return isProtocolType(method) ? defaultName : api.nameForGetterMethod(config, method, defaultName);
        }

        @Override
        public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
            return isProtocolType(method) ? defaultName : api.nameForSetterMethod(config, method, defaultName);
        }

        @Override
        public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter param, String defaultName) {
            return isProtocolType(param) ? defaultName : api.nameForConstructorParameter(config, param, defaultName);
        }
    }
}
