package io.knowledgehub.api.search;

import io.knowledgehub.api.Ids;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchRequest;
import io.knowledgehub.core.search.SearchType;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Validates the wire form of a search into a {@link SearchRequest}; every problem names its field. */
final class SearchRequests {

    static final int MAX_LIMIT = 100;
    /** The deepest results a search pages to, {@code offset + limit}: each retrieval then ranks at most 3 times as many. */
    static final int MAX_WINDOW = 1_000;
    /** Source ids and content types a filter names at most. */
    static final int MAX_FILTER_VALUES = 100;
    /** The dates a filter may name: years 0000 to 9999, whose epoch milliseconds every index can hold. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private SearchRequests() {
    }

    static SearchRequest from(SearchBody b) {
        if (b == null) {
            throw new InvalidInputException(null, "Send a JSON body with at least a query, e.g. {\"query\": \"connection pooling\"}.");
        }
        SearchBody.Filters f = b.filters();
        return build(b.query(), b.searchType(), b.limit(), b.offset(),
                f == null ? List.of() : f.sourceIds(), f == null ? null : f.dateFrom(), f == null ? null : f.dateTo(),
                f == null ? List.of() : f.contentTypes(), Boolean.TRUE.equals(b.rawChunks()), b.snippetFormat(), "filters.");
    }

    /**
     * The search body's names that the query string spells differently: given in a query string they would be ignored
     * (a {@code search_type=keyword} searching hybrid), so they are refused, naming the parameter meant.
     */
    private static final Map<String, String> QUERY_STRING_NAMES = Map.of("query", "q", "search_type", "type",
            "source_ids", "source_id", "content_types", "content_type", "filters", "source_id, date_from, date_to or content_type");

    /** Refuses a query string that uses a search body's name for one of its parameters. */
    static void refuseBodyNames(java.util.Collection<String> parameters) {
        for (String name : parameters) {
            String meant = QUERY_STRING_NAMES.get(name);
            if (meant != null) {
                throw new InvalidInputException(name, name + " is the name in the POST body; in the query string it is "
                        + meant + " (/api/v1/search?q=...&type=keyword).");
            }
        }
    }

    static SearchRequest build(String query, String type, Integer limit, Integer offset, List<String> sourceIds,
                               String dateFrom, String dateTo, List<String> contentTypes, boolean rawChunks,
                               String snippetFormat, String prefix) {
        // the query string's names for the query and the type (q, type) are not the body's
        String queryName = prefix.isEmpty() ? "q" : "query";
        String typeName = prefix.isEmpty() ? "type" : "search_type";
        if (query == null || query.isBlank()) {
            throw new InvalidInputException(queryName, queryName + " is required: the words to search for, e.g. \"connection pooling\".");
        }
        SearchType t = type == null || type.isBlank() ? SearchType.HYBRID : SearchType.parse(type).orElseThrow(() ->
                new InvalidInputException(typeName, typeName + " must be one of " + Arrays.stream(SearchType.values())
                        .map(SearchType::wire).toList() + ", not \"" + type + "\"."));
        Set<UUID> sources = new HashSet<>();
        List<String> ids = sourceIds == null ? List.of() : sourceIds;
        bounded(prefix + "source_ids", ids);
        bounded(prefix + "content_types", contentTypes);
        for (int i = 0; i < ids.size(); i++) {
            String field = prefix.isEmpty() ? "source_id" : prefix + "source_ids[" + i + "]";
            if (ids.get(i) == null) { // only a JSON list holds nulls
                throw new InvalidInputException(field, field + " is null; list source ids (UUIDs such as "
                        + "123e4567-e89b-12d3-a456-426614174000), or leave " + prefix + "source_ids out to search all sources.");
            }
            if (!prefix.isEmpty() && ids.get(i).isBlank()) { // a blank entry would widen the search to every source
                throw new InvalidInputException(field, field + " is blank; list source ids (UUIDs), or leave " + prefix
                        + "source_ids out to search all sources.");
            }
            UUID id = Ids.filter(field, ids.get(i));
            if (id != null) { // a blank query parameter (source_id=), like an empty date, means no filter
                sources.add(id);
            }
        }
        Instant from = date(prefix + "date_from", dateFrom, false);
        Instant to = date(prefix + "date_to", dateTo, true);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException(prefix + "date_from", prefix + "date_from is after " + prefix + "date_to.");
        }
        Set<String> types = new HashSet<>();
        List<String> kinds = contentTypes == null ? List.of() : contentTypes;
        for (int i = 0; i < kinds.size(); i++) {
            String value = kinds.get(i);
            String field = prefix.isEmpty() ? "content_type" : prefix + "content_types[" + i + "]";
            types.add(ContentKind.parse(value).orElseThrow(() -> new InvalidInputException(field, field + " \"" + value
                    + "\" is not a content type; use one of " + ContentKind.wireNames() + ".")).mimeType());
        }
        int lim = Ids.limit(limit, 10, MAX_LIMIT);
        return new SearchRequest(query, t, lim, Ids.offset(offset, lim, MAX_WINDOW),
                new SearchFilter(sources, from, to, types), rawChunks, markdownSnippets(snippetFormat));
    }

    private static boolean markdownSnippets(String format) {
        if (format == null || format.isBlank() || format.strip().equalsIgnoreCase("html")) {
            return false;
        }
        if (format.strip().equalsIgnoreCase("markdown")) {
            return true;
        }
        throw new InvalidInputException("snippet_format", "snippet_format must be \"html\" (the default: matches in "
                + "<mark>) or \"markdown\", not \"" + format + "\".");
    }

    private static void bounded(String field, List<String> values) {
        if (values != null && values.size() > MAX_FILTER_VALUES) {
            throw new InvalidInputException(field, field + " lists " + values.size() + " values; at most " + MAX_FILTER_VALUES
                    + " are accepted.");
        }
    }

    private static Instant date(String field, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = instant(value, endOfDay);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " \"" + value
                    + "\" is not a date; use 2024-01-31 or 2024-01-31T12:00:00Z.");
        } catch (DateTimeException e) { // the last day there is, which has no next day to end at
            at = Instant.MAX;
        }
        // the index compares dates as epoch milliseconds, which far years overflow
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new InvalidInputException(field, field + " \"" + value + "\" is out of range; use a date from "
                    + "0000-01-01 to 9999-12-31.");
        }
        return at;
    }

    private static Instant instant(String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            LocalDate d = LocalDate.parse(value);
            return endOfDay ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                    : d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }
}
