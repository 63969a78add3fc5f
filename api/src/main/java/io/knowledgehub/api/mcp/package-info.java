/**
 * The Model Context Protocol server at {@code /mcp} (Streamable HTTP, served by the Quarkus MCP server extension):
 * the tools an AI assistant uses to search the knowledge base ({@link io.knowledgehub.api.mcp.SearchDocsTool}),
 * list and refresh sources ({@link io.knowledgehub.api.mcp.SourceTools}) and read a page as Markdown
 * ({@link io.knowledgehub.api.mcp.FetchDocumentTool}). The tools call the same services as the REST API; the
 * authentication handler in front of every route decides who may call {@code /mcp} at all (a read key), and
 * {@link io.knowledgehub.api.mcp.Caller} the tools that need more. Failures reach the assistant as tool errors with
 * a sentence ({@link io.knowledgehub.api.mcp.ToolCalls}), never as a stack trace.
 */
package io.knowledgehub.api.mcp;
