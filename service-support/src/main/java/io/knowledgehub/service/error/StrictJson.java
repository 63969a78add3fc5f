package io.knowledgehub.service.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Request bodies are read as written, not as Jackson would guess: a body with anything after its JSON value (two
 * objects in a row) is refused rather than read up to its first value, and a fraction where a whole number is
 * expected ({@code "limit": 1.5}) is refused rather than cut to 1. A whole number written with a fraction part
 * ({@code 2.0}) is still that number, as JSON Schema's {@code integer} has it (assistants calling the MCP tools write
 * such numbers too). A key written twice in one object is refused too, and so is a number or {@code true}/{@code false}
 * where text goes. The refusals answer 400 ({@link ProblemMappers}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // a key written twice ({"name": "x", "name": "y"}) is refused rather than the last one silently winning
        mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        SimpleModule whole = new SimpleModule("whole-numbers");
        whole.addDeserializer(Integer.class, new Whole<>(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE));
        whole.addDeserializer(int.class, new Whole<>(int.class, Integer.MIN_VALUE, Integer.MAX_VALUE));
        whole.addDeserializer(Long.class, new Whole<>(Long.class, Long.MIN_VALUE, Long.MAX_VALUE));
        whole.addDeserializer(long.class, new Whole<>(long.class, Long.MIN_VALUE, Long.MAX_VALUE));
        mapper.registerModule(whole);
        // a number or true/false where text goes ({"name": 123}) is refused rather than turned into the text "123"
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /** Whether Jackson refused a number or boolean where a string goes (the coercion configured above). */
    static boolean notText(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m != null && m.startsWith("Cannot coerce") && m.contains("java.lang.String");
    }

    /** Whether Jackson refused a body for holding more than one JSON value ({@code FAIL_ON_TRAILING_TOKENS}). */
    public static boolean secondValue(JsonProcessingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
    }

    /** Jackson's own reading of {@code type}, except that a number with a fraction is refused. */
    static final class Whole<T> extends StdDeserializer<T> {

        private final transient JsonDeserializer<?> standard;
        private final long min;
        private final long max;

        Whole(Class<T> type, long min, long max) {
            super(type);
            this.standard = NumberDeserializers.find(type, type.getName());
            this.min = min;
            this.max = max;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = p.getDoubleValue();
                if (d != Math.rint(d)) {
                    throw InvalidFormatException.from(p, "Floating-point value (" + p.getText() + ") is not a whole number",
                            p.getText(), handledType());
                }
                if (d < min || d > max) {
                    // Jackson's own wording for a whole number out of range, which ProblemMappers reads the range from
                    throw InvalidFormatException.from(p, "Numeric value (" + p.getText() + ") out of range of "
                            + handledType().getSimpleName() + " (" + (long) min + " - " + (long) max + ")", p.getText(), handledType());
                }
            }
            return (T) standard.deserialize(p, ctxt);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
            return (T) standard.getNullValue(ctxt);
        }
    }
}
