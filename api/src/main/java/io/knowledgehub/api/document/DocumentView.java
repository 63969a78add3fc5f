package io.knowledgehub.api.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.Heading;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A document on the wire; {@code content}, {@code headings} and {@code aliases} (the other URLs of its source with
 * the same content, stored once) only in the single-document answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentView(UUID id, UUID sourceId, String url, String title, String contentHash, String contentType,
                           int contentLength, String indexStatus, int depth, Instant fetchedAt, Instant changedAt,
                           Instant createdAt, Instant updatedAt, String content,
                           @Schema(type = SchemaType.ARRAY, implementation = Heading.class,
                                   description = "The page's headings in document order") JsonNode headings,
                           List<String> aliases) {

    public static DocumentView summary(Document d) {
        return new DocumentView(d.id, d.sourceId, d.url, d.title, d.contentHash, d.contentType, d.content.length(),
                d.indexStatus.wire(), d.depth, d.fetchedAt, d.changedAt, d.createdAt, d.updatedAt, null, null, null);
    }

    public static DocumentView full(Document d, List<String> aliases, ObjectMapper json) {
        return new DocumentView(d.id, d.sourceId, d.url, d.title, d.contentHash, d.contentType, d.content.length(),
                d.indexStatus.wire(), d.depth, d.fetchedAt, d.changedAt, d.createdAt, d.updatedAt, d.content,
                StoredJson.read(json, d.headings, "headings"), List.copyOf(aliases));
    }
}
