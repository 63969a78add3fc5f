package io.knowledgehub.api;

import io.knowledgehub.core.error.InvalidInputException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Whole-number query parameters ({@code limit}, {@code offset}) that are not numbers are a 400 naming the parameter
 * (by default JAX-RS answers 404, as if the endpoint did not exist). Empty means absent.
 */
@Provider
public class NumberParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Integer.class) {
            return null;
        }
        String name = name(annotations);
        return (ParamConverter<T>) new ParamConverter<Integer>() {
            @Override
            public Integer fromString(String value) {
                if (value == null || value.isBlank()) {
                    return null;
                }
                try {
                    return Integer.valueOf(value.strip());
                } catch (NumberFormatException e) {
                    String shown = shown(value);
                    if (value.strip().matches("[-+]?\\d+")) { // a whole number, beyond what any of these takes
                        throw new BadRequestException(new InvalidInputException(name, name + " " + shown
                                + " is out of range: at most 2147483647, and the endpoint's own limit is in the API documentation at /docs."));
                    }
                    // passed through as is by the parameter handler; the problem mapper answers the cause
                    throw new BadRequestException(new InvalidInputException(name, name + " must be a whole number, not \""
                            + shown + "\"."));
                }
            }

            @Override
            public String toString(Integer value) {
                return value == null ? null : value.toString();
            }
        };
    }

    /** A parameter's value as an error repeats it: its first 40 characters. */
    static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    static String name(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
        }
        return "parameter";
    }
}
