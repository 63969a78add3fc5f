package io.knowledgehub.service.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.knowledgehub.core.embed.EmbeddingServerException;
import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.DatabaseUnavailable;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.error.NotFoundException;
import io.knowledgehub.core.error.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The one place where exceptions become {@code application/problem+json} answers. No class name ever leaks. */
public class ProblemMappers {

    /** Jackson's wording for a whole number beyond its type: "Numeric value (N) out of range of int (MIN - MAX)". */
    private static final Pattern OUT_OF_RANGE = Pattern.compile("out of range of \\w+ \\((-?\\d+) - (-?\\d+)\\)");

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "Not Found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, UriInfo uri) {
        return problem(400, "Invalid request", e.getMessage(), uri, e.field());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return problem(409, "Conflict", e.getMessage(), uri, e.field());
    }

    /** A server the request needs cannot be reached now: 503 with {@code Retry-After}; the message says what was done. */
    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailableException e, UriInfo uri) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        return Response.fromResponse(problem(503, "Service Unavailable", e.getMessage(), uri, null))
                .header("Retry-After", Long.toString(seconds)).build();
    }

    /**
     * The inference server that embeds queries cannot be used (unreachable, answering errors, or running another
     * model): 503 with the message that names the server and the setting to check. No {@code Retry-After}: another
     * model is a setting to change, not a moment to wait. What the server answered is in the log.
     */
    @ServerExceptionMapper
    public Response embeddingServer(EmbeddingServerException e, UriInfo uri) {
        LOG.warnf("Embedding server unusable for %s: %s%s", uri.getPath(), e.getMessage(),
                e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
        return problem(503, "Service Unavailable", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = path(e);
        return problem(400, "Invalid request", "Unknown field \"" + field + "\"; the accepted fields are "
                + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".", uri, field);
    }

    /** More specific than Quarkus REST's own mapper of these, which would answer a bare JSON echo of the value. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response wrongFormat(InvalidFormatException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response badJson(JsonMappingException e, UriInfo uri) {
        String field = path(e);
        if (StrictJson.secondValue(e)) {
            var loc = e.getLocation();
            return problem(400, "Malformed JSON", "The request body holds more than one JSON value"
                    + (loc == null ? "" : ": something follows the first at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + "; send one JSON object.", uri, null);
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (!field.isEmpty() && message.startsWith("Floating-point value")) {
            return problem(400, "Invalid request", "Field \"" + field + "\" must be a whole number.", uri, field);
        }
        if (!field.isEmpty() && StrictJson.notText(e)) {
            return problem(400, "Invalid request", "Field \"" + field + "\" must be a string (text in double quotes).", uri, field);
        }
                Matcher range = OUT_OF_RANGE.matcher(message);
        if (!field.isEmpty() && range.find()) {
            return problem(400, "Invalid request", "Field \"" + field + "\" must be a whole number from " + range.group(1) + " to "
                    + range.group(2) + "; the endpoint's own limits are in the API documentation at /docs.", uri, field);
        }
        String detail = field.isEmpty()
                ? "The request body is not the JSON object this endpoint expects."
                : "Field \"" + field + "\" has the wrong type; check the API documentation at /docs.";
        return problem(400, "Invalid request", detail, uri, field.isEmpty() ? null : field);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        if (e instanceof StreamConstraintsException) { // nesting, number or string beyond the parser's bounds
            return problem(400, "Malformed JSON", "The request body exceeds what this API reads" + where + ": "
                    + e.getOriginalMessage().replaceAll(",? ?\\(?from `[^`]*`\\)?", "") + ".", uri, null);
        }
        return problem(400, "Malformed JSON", "The request body is not valid JSON" + where + ": " + e.getOriginalMessage() + ".", uri, null);
    }

    /** A body sent without a length, stopped where it passed the limit before anything answered. */
    @ServerExceptionMapper
    public Response tooLarge(ContentTooLargeException e, UriInfo uri) {
        return problem(413, "Content Too Large", e.getMessage(), uri, null);
    }

    /**
     * A body sent without a length and cut off at {@code quarkus.http.limits.max-body-size}: the HTTP layer has
     * answered 413 and closes the connection, so this answer is for the record only.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        if ("Request too large".equals(e.getMessage())) {
            return problem(413, "Content Too Large", "The request body is larger than this server accepts.", uri, null);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // the JSON reader reports a body it cannot read as a 400 wrapping the parser's exception
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException i) { // a parameter converter's verdict
                return invalid(i, uri);
            }
            if (c instanceof UnrecognizedPropertyException u) {
                return unknownField(u, uri);
            }
            if (c instanceof JsonMappingException m) {
                return badJson(m, uri);
            }
            if (c instanceof JsonProcessingException p) {
                return malformedJson(p, uri);
            }
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "No endpoint at " + uri.getPath() + "; the API is described at /docs.";
            case 405 -> "This endpoint does not accept that HTTP method; the API is described at /docs.";
            case 415 -> "Send the request body as JSON with the header Content-Type: application/json.";
            case 406 -> "This endpoint answers with JSON; accept application/json.";
            default -> e.getResponse().getStatusInfo().getReasonPhrase() + ".";
        };
        return problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), detail, uri, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (DatabaseUnavailable.is(e)) {
            LOG.warnf("%s answered 503: the database cannot be reached (%s)", uri.getPath(), e.toString());
            return Response.fromResponse(problem(503, "Service Unavailable", "The database cannot be reached now, so this "
                    + "request could not be carried out; searches still work. Try again in 10 s.", uri, null))
                    .header("Retry-After", "10").build();
        }
        if (io.knowledgehub.core.error.DiskFull.is(e)) {
            LOG.warnf("%s answered 503: the disk is full (%s)", uri.getPath(), e.toString());
            return Response.fromResponse(problem(503, "Service Unavailable", "A disk is full (the data directory's, or the "
                    + "database server's), so this request could not be carried out, or not in full; searches still work. "
                    + "Free disk space and try again.", uri, null)).header("Retry-After", "60").build();
        }
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", ref, uri.getPath());
        return problem(500, "Internal Server Error", "Something went wrong on the server; the server log has the details under reference "
                + ref + ". Try again, and report it if it persists.", uri, null);
    }

    public static Response problem(int status, String title, String detail, UriInfo uri, String field) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), field)).build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
