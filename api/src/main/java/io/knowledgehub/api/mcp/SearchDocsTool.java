package io.knowledgehub.api.mcp;

import io.knowledgehub.api.dashboard.Activity;
import io.knowledgehub.core.document.MarkdownEscaping;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchRequest;
import io.knowledgehub.core.search.SearchResponse;
import io.knowledgehub.core.search.SearchResult;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.SearchType;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** {@code search_docs}: the search of the REST API, answered as Markdown an assistant can quote and cite. */
@ApplicationScoped
public class SearchDocsTool {

    /** The tool's name, as assistants call it. */
    static final String NAME = "search_docs";

    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 20;

    private final SearchService search;
    private final SourceLookup sources;
    private final Activity activity;
    private final McpConfig config;

    SearchDocsTool(SearchService search, SourceLookup sources, Activity activity, McpConfig config) {
        this.search = search;
        this.sources = sources;
        this.activity = activity;
        this.config = config;
    }

    @Tool(name = NAME, description = """
            Search the documentation sites indexed in this KnowledgeHub and get the best matching passages, ranked, \
            each with its page title, section, URL, relevance score (0..1), document id and the matching text as \
            Markdown. Use this first for any question the documentation may answer (how to configure X, what an error \
            means, an API's parameters), and cite the URLs. Write the query as the words the answer would contain, \
            e.g. "connection pool size", "pg_dump custom format restore", "ERROR: relation does not exist"; \
            "exact phrase" in double quotes, +required and -excluded words and prefix* work too. \
            To read more around a result, pass its document id (and its section) to fetch_document. \
            To search only some sites, pass their names or ids (from list_sources) in sources.""",
            annotations = @Tool.Annotations(title = "Search the documentation", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = ArgumentTypes.class)
    public String searchDocs(
            @ToolArg(description = "What to look for: keywords or a short question, e.g. \"configure connection pooling\".")
            String query,
            @ToolArg(description = "Only search these sources, by name or id as list_sources shows them; leave out to "
                    + "search all.", required = false)
            List<String> sources,
            @ToolArg(name = "search_type", description = "hybrid (default: words and meaning combined, best in most cases), "
                    + "keyword (exact words, identifiers, error messages) or semantic (by meaning, for paraphrased "
                    + "questions).", required = false, defaultValue = "hybrid")
            String searchType,
            @ToolArg(description = "How many results, 1 to 20; default 5.", required = false, defaultValue = "5")
            Integer limit) {
        return ToolCalls.run("search_docs", () -> {
            SearchRequest request = request(query, sources, searchType, limit);
            long start = System.nanoTime();
            SearchResponse response = search.search(request);
            activity.recordSearch((System.nanoTime() - start) / 1_000_000);
            return SearchMarkdown.render(response, config.maxResultChars());
        });
    }

    private SearchRequest request(String query, List<String> sourceNames, String searchType, Integer limit) {
        if (query == null || query.isBlank()) {
            throw new ToolCallException("query is empty; pass the words to look for, e.g. \"connection pooling\".");
        }
        String t = searchType == null || searchType.isBlank() ? "hybrid" : searchType.strip().toLowerCase(Locale.ROOT);
        SearchType type = SearchType.parse(t).orElseThrow(() -> new ToolCallException("search_type must be one of "
                + Arrays.stream(SearchType.values()).map(SearchType::wire).toList() + ", not '" + searchType + "'."));
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new ToolCallException("limit must be between 1 and " + MAX_LIMIT + ", not " + n + ".");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String s : sourceNames == null ? List.<String>of() : sourceNames) {
            if (s != null && !s.isBlank()) {
                ids.add(this.sources.find(s).id);
            }
        }
        return new SearchRequest(query, type, n, 0, new SearchFilter(ids, null, null, Set.of()), false, true);
    }

    /** The Markdown answer: one section per result, the passage below its metadata. */
    static final class SearchMarkdown {

        private SearchMarkdown() {
        }

        static String render(SearchResponse response, int maxResultChars) {
            List<SearchResult> results = response.results();
            if (results.isEmpty()) {
                return MarkdownEscaping.escape("No results for \"" + response.query() + "\" (" + response.searchType()
                        + " search). Try other words, a keyword search for exact identifiers, or list_sources to check "
                        + "what is indexed.");
            }
            // the query, titles, sections and passages are text: what looks like HTML in them is escaped, last
            StringBuilder out = new StringBuilder();
            out.append(MarkdownEscaping.escape(results.size() + (results.size() == 1 ? " result" : " results") + " for \""
                    + response.query() + "\" (" + response.searchType() + " search):")).append('\n');
            int rank = 1;
            for (SearchResult r : results) {
                StringBuilder header = new StringBuilder();
                header.append("## ").append(rank++).append(". ").append(r.title());
                String section = section(r);
                if (section != null) {
                    header.append(" — ").append(section);
                }
                header.append('\n');
                header.append("URL: ").append(r.url()).append('\n');
                header.append("Source: ").append(r.source() == null ? r.sourceId() : r.source()).append(" · Score: ").append(String.format(Locale.ROOT, "%.2f", r.score()))
                        .append(" · Document id: ").append(r.documentId());
                out.append('\n').append(MarkdownEscaping.escape(header.toString())).append("\n\n");
                String text = r.content() == null ? "" : r.content().strip();
                out.append(MarkdownEscaping.escape(text.length() > maxResultChars
                                ? FetchDocumentMarkdown.cut(text, maxResultChars) + "\n…" : text))
                        .append('\n');
            }
            return out.toString();
        }

        private static String section(SearchResult r) {
            List<String> path = r.headingPath();
            if (path == null || path.isEmpty()) {
                return null;
            }
            List<String> parts = path.stream().filter(p -> !p.equals(r.title())).toList();
            return parts.isEmpty() ? null : String.join(" › ", parts);
        }
    }
}
