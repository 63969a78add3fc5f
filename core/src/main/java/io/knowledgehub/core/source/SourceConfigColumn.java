package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.error.InvalidInputException;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.jboss.logging.Logger;

/**
 * The one mapping between {@link KnowledgeSource#config} and its text column: the JSON object of
 * {@link SourceConfigParser#toJson} (every key, defaults included), read back through {@link SourceConfigParser#parse}.
 * The column holds a tree, so its format is the parser's whatever JSON naming a service configures.
 * A {@link SourceConfig} is an immutable record: Hibernate compares it by value and never copies it.
 */
@Converter
@Mutability(Immutability.class)
public class SourceConfigColumn implements AttributeConverter<SourceConfig, String> {

    private static final Logger LOG = Logger.getLogger(SourceConfigColumn.class);
    /** Values left out of one stored config at most before the row counts as damaged. */
    private static final int MAX_DROPPED = 20;

    @Override
    public String convertToDatabaseColumn(SourceConfig config) {
        return config == null ? null : StoredJson.write(SourceConfigParser.toJson(config));
    }

    /**
     * A stored config that no longer validates (a value an older version accepted, a key removed from the product, a
     * hand-edited row) must not make its source unreadable: the offending value is left out, so its default applies,
     * with a warning naming it; the source can be listed, crawled and corrected with PATCH. A row that is not a JSON
     * object at all is damaged: an {@link IllegalStateException}, like any stored JSON that cannot be read.
     */
    @Override
    public SourceConfig convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        JsonNode tree = StoredJson.read(value, "source config");
        for (int dropped = 0; ; dropped++) {
            try {
                return SourceConfigParser.parse(tree);
            } catch (InvalidInputException e) {
                if (dropped >= MAX_DROPPED || !(tree instanceof ObjectNode root) || !remove(root, e.field())) {
                    throw new IllegalStateException("stored source config is not valid: " + e.getMessage(), e);
                }
                LOG.warnf("A stored source config holds a value this version does not accept; it is left out and its default "
                        + "applies until the source is updated: %s", e.getMessage());
            }
        }
    }

    /** Removes the value at a parser path ({@code config.a.b} or {@code config.a.list[2]}); false if there is none. */
    static boolean remove(ObjectNode root, String field) {
        if (field == null || !field.startsWith("config.")) {
            return false;
        }
        String[] keys = field.substring("config.".length()).split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            if (!(node.get(keys[i]) instanceof ObjectNode child)) {
                return false;
            }
            node = child;
        }
        String last = keys[keys.length - 1];
        int bracket = last.indexOf('[');
        if (bracket < 0) {
            return node.remove(last) != null;
        }
        String name = last.substring(0, bracket);
        int index;
        try {
            index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (node.get(name) instanceof ArrayNode list && index < list.size()) {
            list.remove(index);
            return true;
        }
        return false;
    }
}
