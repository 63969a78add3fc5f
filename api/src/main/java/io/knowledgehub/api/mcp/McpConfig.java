package io.knowledgehub.api.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Output bounds of the MCP tools ({@code kh.mcp.*}): an assistant's context window is the scarce resource. */
@ConfigMapping(prefix = "kh.mcp")
public interface McpConfig {

    /**
     * Most characters of page text {@code fetch_document} returns in one call (env {@code KH_MCP_MAX_DOCUMENT_CHARS});
     * a longer page or section is cut at a line and ends with a note naming its sections.
     */
    @WithDefault("20000")
    int maxDocumentChars();

    /** Most characters of matching text {@code search_docs} shows per result (env {@code KH_MCP_MAX_RESULT_CHARS}). */
    @WithDefault("1500")
    int maxResultChars();
}
