package io.knowledgehub.api;

import io.knowledgehub.core.error.InvalidInputException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;

/**
 * Yes/no query parameters ({@code raw_chunks}) take {@code true} or {@code false}; anything else is a 400 naming the
 * parameter (by default JAX-RS reads every other value as false). Empty means absent.
 */
@Provider
public class BooleanParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Boolean.class) {
            return null;
        }
        String name = NumberParams.name(annotations);
        return (ParamConverter<T>) new ParamConverter<Boolean>() {
            @Override
            public Boolean fromString(String value) {
                if (value == null || value.isBlank()) {
                    return null;
                }
                return switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> {
                        // passed through as is by the parameter handler; the problem mapper answers the cause
                        throw new BadRequestException(new InvalidInputException(name, name + " must be true or false, not \""
                                + NumberParams.shown(value) + "\"."));
                    }
                };
            }

            @Override
            public String toString(Boolean value) {
                return value == null ? null : value.toString();
            }
        };
    }
}
