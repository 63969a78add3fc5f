package io.knowledgehub.api.mcp;

import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentService;
import io.knowledgehub.core.error.NotFoundException;
import io.knowledgehub.core.source.SourceService;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolInputGuardrail;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code fetch_document}: one indexed page (or one section of it) as Markdown, in parts of a bounded size. */
@ApplicationScoped
public class FetchDocumentTool {

    private final DocumentService documents;
    private final SourceService sources;
    private final McpConfig config;

    FetchDocumentTool(DocumentService documents, SourceService sources, McpConfig config) {
        this.documents = documents;
        this.sources = sources;
        this.config = config;
    }

    @Tool(name = "fetch_document", description = """
            Read one indexed documentation page as Markdown (headings, paragraphs, lists, tables and code blocks), \
            as KnowledgeHub stored it at its last crawl. Use it after search_docs when a passage is not enough: \
            pass the result's document id (or its URL), and to stay brief the section the result came from, e.g. \
            section "Sizing the pool" or the URL's anchor "#size". A page (or section) too long for one answer comes in \
            parts: the note at the end of each part but the last says how to get the next one (part 2, 3, ...) and \
            lists the page's smaller sections, so you can read on or fetch just the section you need; the last part \
            says that it is the last. Only pages in the index can be fetched; this does not go to the web.""",
            annotations = @Tool.Annotations(title = "Read a documentation page", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = {ArgumentTypes.class, PartIsAWholeNumber.class})
    public String fetchDocument(
            @ToolArg(description = "The document id from a search_docs result, or the page's URL "
                    + "(e.g. https://docs.example.com/guide/pooling.html; an #anchor in it selects that section).")
            String document,
            @ToolArg(description = "Optional: only this section, by its heading text (e.g. \"Sizing the pool\") or its "
                    + "anchor (e.g. \"#size\"). Leave out for the whole page.", required = false)
            String section,
            @ToolArg(description = "Optional: which part of a page (or section) too long for one answer, counting from "
                    + "1 (the first part, the default); the note at the end of a part says which part to ask for next "
                    + "and how many there are.", required = false)
            Integer part) {
        return ToolCalls.run("fetch_document", () -> {
            String wanted = document == null ? "" : document.strip();
            String sectionWanted = section;
            Document d;
            List<Document> others = List.of();
            UUID id = SourceLookup.uuid(wanted);
            if (id != null) {
                d = byId(id);
            } else if (wanted.regionMatches(true, 0, "http://", 0, 7) || wanted.regionMatches(true, 0, "https://", 0, 8)) {
                // a URL's scheme is case-insensitive: HTTP://... is the same page
                wanted = wanted.substring(0, wanted.indexOf(':')).toLowerCase(java.util.Locale.ROOT) + wanted.substring(wanted.indexOf(':'));
                int hash = wanted.indexOf('#');
                if (hash >= 0 && (sectionWanted == null || sectionWanted.isBlank()) && hash + 1 < wanted.length()) {
                    sectionWanted = "#" + decoded(wanted.substring(hash + 1));
                }
                List<Document> copies = byUrl(wanted);
                Document chosen = pick(copies, sectionWanted);
                d = chosen;
                others = copies.stream().filter(c -> !c.id.equals(chosen.id)).toList();
            } else {
                throw new ToolCallException("document must be a document id from search_docs (like "
                        + "3f2b1c4e-0a9d-4c1e-8f00-1234567890ab) or a page URL starting with http:// or https://, "
                        + "not '" + wanted + "'.");
            }
            Set<UUID> sourceIds = new java.util.HashSet<>(Set.of(d.sourceId));
            for (Document o : others) {
                sourceIds.add(o.sourceId);
            }
            Map<UUID, String> names = sources.names(sourceIds);
            String page = FetchDocumentMarkdown.render(d, names.get(d.sourceId), sectionWanted, part, config.maxDocumentChars());
            if (others.isEmpty()) {
                return page;
            }
            // several sources hold this URL: say which copy this is and how to read the others
            List<Document> copies = others;
            return page + "\n\n---\nThis URL is also indexed in " + copies.stream()
                    .map(o -> "source '" + SourceTools.oneLine(names.getOrDefault(o.sourceId, String.valueOf(o.sourceId)))
                            + "' (document id " + o.id + ")")
                    .collect(java.util.stream.Collectors.joining(", ")) + "; pass that document id to read that copy.\n";
        });
    }

    private Document byId(UUID id) {
        try {
            return documents.get(id);
        } catch (NotFoundException e) {
            throw new ToolCallException("No document with id '" + id + "' is indexed (it may have been removed by a "
                    + "recent crawl); search_docs gives current document ids.");
        }
    }

    /** A URL fragment as the page's id: percent-decoded as search results encode it ('+' stays), else as written. */
    static String decoded(String fragment) {
        try {
            return java.net.URLDecoder.decode(fragment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return fragment;
        }
    }

    /**
     * Of the copies of one URL (several sources may cover the same page), the one that has the section asked for,
     * else the one with the most text, else the one changed last: the copy a search result came from is the one with
     * the section its URL names, and an empty copy (a page of a script-built site crawled without rendering) is the
     * least useful.
     */
    static Document pick(List<Document> copies, String section) {
        if (copies.size() == 1) {
            return copies.get(0);
        }
        java.util.Comparator<Document> better = java.util.Comparator
                .comparingInt((Document c) -> section == null || section.isBlank()
                        || io.knowledgehub.core.document.DocumentMarkdown.outline(c).find(section).isEmpty() ? 0 : 1)
                .thenComparingInt(c -> io.knowledgehub.core.document.DocumentMarkdown.body(c).length())
                .thenComparing(c -> c.updatedAt == null ? java.time.Instant.EPOCH : c.updatedAt);
        return copies.stream().max(better).orElseThrow();
    }

    private List<Document> byUrl(String url) {
        String bare = FetchDocumentMarkdown.stripFragment(url);
        Set<String> variants = new LinkedHashSet<>(List.of(url, bare,
                bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare + "/"));
        // the crawler stores a folder's index page under the folder's URL
        for (String index : List.of("/index.html", "/index.htm")) {
            if (bare.endsWith(index)) {
                variants.add(bare.substring(0, bare.length() - index.length() + 1));
            }
        }
        // as the crawler stores URLs: without tracking and session parameters (utm_source, jsessionid), default port
        String normalized = io.knowledgehub.crawler.scope.UrlNormalizer.normalize(bare);
        if (normalized != null) {
            variants.add(normalized);
        }
        for (String v : variants) {
            List<Document> found = documents.findByUrl(v);
            if (!found.isEmpty()) {
                return found;
            }
        }
        throw new ToolCallException("No indexed page has the URL '" + url + "'; search_docs finds pages and gives their "
                + "URLs and document ids, and list_sources shows which sites are indexed.");
    }

    /**
     * {@code part} as a whole number before the MCP extension converts it, so that {@code 2.5}, {@code "two"} or
     * {@code true} get a tool error the assistant can act on (the extension answers a value it cannot convert with a
     * protocol error); {@code 2.0} and {@code "2"} are taken as 2. Whether the part exists is the tool's to say.
     */
    @ApplicationScoped
    public static class PartIsAWholeNumber implements ToolInputGuardrail {

        @Override
        public void apply(ToolInputContext context) {
            JsonObject arguments = context.getArguments();
            Object value = arguments == null ? null : arguments.getValue("part");
            if (value == null) {
                return;
            }
            BigDecimal number = null;
            try {
                if (value instanceof Number n) {
                    number = new BigDecimal(n.toString());
                } else if (value instanceof String s && s.strip().matches("[+-]?\\d{1,30}")) {
                    number = new BigDecimal(s.strip());
                }
            } catch (NumberFormatException e) {
                number = null; // NaN, Infinity
            }
            if (number == null || number.stripTrailingZeros().scale() > 0) {
                throw new ToolCallException("part must be a whole number, e.g. 2 (the note at the end of a cut "
                        + "answer names the next part), not " + Json.encode(value) + ".");
            }
            if (number.signum() < 1) {
                throw new ToolCallException("part must be 1 or more (1 is the first part, the same as leaving part "
                        + "out), not " + number.toBigInteger() + ".");
            }
            if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new ToolCallException("part " + number.toBigInteger() + " does not exist; leave part out for "
                        + "the first part, and follow the note at the end of each part for the next.");
            }
            if (!(value instanceof Integer)) {
                context.setArguments(arguments.copy().put("part", number.intValueExact()));
            }
        }
    }
}
