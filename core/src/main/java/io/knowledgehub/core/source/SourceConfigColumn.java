package io.knowledgehub.core.source;

import io.knowledgehub.core.StoredJson;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * The one mapping between {@link KnowledgeSource#config} and its text column: the JSON object of
 * {@link SourceConfigParser#toJson} (every key, defaults included), read back through {@link SourceConfigParser#parse}.
 * The column holds a tree, so its format is the parser's whatever JSON naming a service configures.
 * A {@link SourceConfig} is an immutable record: Hibernate compares it by value and never copies it.
 */
@Converter
@Mutability(Immutability.class)
public class SourceConfigColumn implements AttributeConverter<SourceConfig, String> {

    @Override
    public String convertToDatabaseColumn(SourceConfig config) {
        return config == null ? null : StoredJson.write(SourceConfigParser.toJson(config));
    }

    /**
     * A stored config that no longer validates (a key removed from the product, a hand-edited row) is a damaged row:
     * an {@link IllegalStateException} like any stored JSON that cannot be read.
     */
    @Override
    public SourceConfig convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        try {
            return SourceConfigParser.parse(StoredJson.read(value, "source config"));
        } catch (io.knowledgehub.core.error.InvalidInputException e) {
            throw new IllegalStateException("stored source config is not valid: " + e.getMessage(), e);
        }
    }
}
