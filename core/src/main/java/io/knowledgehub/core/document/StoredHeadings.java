package io.knowledgehub.core.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping between a page's {@link Heading}s and the {@link Document#headings} column: a JSON array of
 * {@code {"level":1,"text":"…","anchor":"…"}} objects in document order, {@code anchor} written as {@code null} when
 * there is none. The format is fixed here, whatever JSON naming a service configures, because databases already
 * hold it.
 */
public final class StoredHeadings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredHeadings() {
    }

    /** The column value for these headings, e.g. {@code [{"level":2,"text":"Setup","anchor":"setup"}]}. */
    public static String write(List<Heading> headings) {
        ArrayNode array = JSON.createArrayNode();
        for (Heading h : headings) {
            ObjectNode o = array.addObject();
            o.put("level", h.level());
            o.put("text", h.text());
            o.put("anchor", h.anchor());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write headings as JSON", e);
        }
    }

    /**
     * The headings of a column value. Lenient, since only anchors and section paths depend on them: a null or
     * unreadable value reads as no headings, and an entry without a numeric level in 1..6 or without a text is
     * left out.
     */
    public static List<Heading> read(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        JsonNode array;
        try {
            array = JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            return List.of();
        }
        List<Heading> out = new ArrayList<>();
        for (JsonNode h : array) {
            JsonNode level = h.get("level");
            JsonNode text = h.get("text");
            JsonNode anchor = h.get("anchor");
            if (level != null && level.isNumber() && level.intValue() >= 1 && level.intValue() <= 6
                    && text != null && text.isTextual()) {
                out.add(new Heading(level.intValue(), text.textValue(), anchor != null && anchor.isTextual() ? anchor.textValue() : null));
            }
        }
        return List.copyOf(out);
    }
}
