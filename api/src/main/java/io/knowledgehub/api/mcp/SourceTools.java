package io.knowledgehub.api.mcp;

import io.knowledgehub.core.error.NotFoundException;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.document.MarkdownEscaping;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobStatus;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.SourceService;
import io.knowledgehub.core.source.SourceStats;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code list_sources} and {@code refresh_source}: what is indexed, and keeping it fresh. */
@ApplicationScoped
public class SourceTools {

    static final String NEEDS_ADMIN = "refresh_source needs an admin API key; this key may only search and read. "
            + "Ask the KnowledgeHub operator to refresh the source, or configure an admin key.";

    private final SourceService sources;
    private final SourceLookup lookup;
    private final Caller caller;
    private final JobService jobs;

    SourceTools(SourceService sources, SourceLookup lookup, Caller caller, JobService jobs) {
        this.sources = sources;
        this.lookup = lookup;
        this.caller = caller;
        this.jobs = jobs;
    }

    /** A source's name or description on one line of Markdown: line breaks as spaces, text that looks like HTML kept literal. */
    static String oneLine(String text) {
        return MarkdownEscaping.escape(text == null ? "" : text.strip().replaceAll("\\s+", " "));
    }

    @Tool(name = "list_sources", description = """
            List the documentation sites (sources) this KnowledgeHub has indexed: each one's name, id, base URL, \
            number of documents, last crawl time and status (active or paused, and how its last crawl or indexing job \
            ended). Use it to learn what documentation is available before searching, to get the names or ids that \
            search_docs' sources argument and refresh_source take, or to see whether a site is still being crawled.""",
            annotations = @Tool.Annotations(title = "List documentation sources", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public String listSources() {
        return ToolCalls.run("list_sources", () -> {
            List<KnowledgeSource> all = lookup.all();
            if (all.isEmpty()) {
                return "No sources yet: nothing is indexed. An administrator adds documentation sites in the KnowledgeHub "
                        + "web UI or with POST /api/v1/sources.";
            }
            Map<UUID, SourceStats> stats = sources.stats(all.stream().map(s -> s.id).toList());
            StringBuilder out = new StringBuilder();
            out.append(all.size()).append(all.size() == 1 ? " source" : " sources").append(":\n");
            for (KnowledgeSource s : all) {
                SourceStats st = stats.get(s.id);
                out.append("\n## ").append(oneLine(s.name)).append('\n');
                out.append("- id: ").append(s.id).append('\n');
                out.append("- base URL: ").append(s.baseUrl).append('\n');
                if (s.description != null && !s.description.isBlank()) {
                    out.append("- description: ").append(oneLine(s.description)).append('\n');
                }
                out.append("- documents: ").append(st == null ? 0 : st.documents()).append('\n');
                out.append("- last crawl: ").append(s.lastCrawlAt == null ? "never" : s.lastCrawlAt.toString()).append('\n');
                out.append("- status: ").append(s.status().wire());
                if (st != null && st.lastJobStatus() != null) {
                    out.append(" (last job ").append(st.lastJobStatus()).append(')');
                    // why the job the status describes failed, so that the assistant can tell the user what to fix
                    if (JobStatus.FAILED.wire().equals(st.lastJobStatus()) && st.lastJobId() != null) {
                        String m = errorOf(st.lastJobId());
                        if (m != null && !m.isBlank()) {
                            out.append("\n- last error: ").append(oneLine(m));
                        }
                    }
                }
                out.append('\n');
            }
            return out.toString();
        });
    }

    /** A failed job's message; null when the job went meanwhile (its source was deleted). */
    private String errorOf(UUID jobId) {
        try {
            return jobs.get(jobId).errorMessage;
        } catch (NotFoundException gone) {
            return null;
        }
    }

    @Tool(name = "refresh_source", description = """
            Crawl a documentation source again now so that its index picks up changed, new and removed pages \
            (needs an admin API key). Normally incremental: unchanged pages are skipped cheaply. Use it when the user \
            says the documentation changed or search results look out of date; it only starts the crawl, which runs \
            in the background (list_sources shows when it has finished). Set force to true only to re-fetch and \
            re-index every page, e.g. after the site was restructured.""",
            annotations = @Tool.Annotations(title = "Refresh a documentation source", readOnlyHint = false,
                    destructiveHint = false, idempotentHint = true, openWorldHint = true))
    @ToolGuardrails(input = ArgumentTypes.class)
    public String refreshSource(
            @ToolArg(description = "The source's name or id, as list_sources shows it.")
            String source,
            @ToolArg(description = "true to re-fetch every page instead of only the changed ones; default false.",
                    required = false, defaultValue = "false")
            Boolean force) {
        return ToolCalls.run("refresh_source", () -> {
            if (!caller.isAdmin()) {
                throw new ToolCallException(NEEDS_ADMIN);
            }
            KnowledgeSource s = lookup.find(source);
            boolean full = Boolean.TRUE.equals(force);
            Job job = sources.refresh(s.id, full);
            String kind = job.forceRefresh ? "full" : "incremental";
            if (job.status() == JobStatus.RUNNING) {
                return "'" + s.name + "' is already being crawled (" + kind + " crawl, job " + job.id
                        + "); its results will be searchable when it finishes. list_sources shows its status.";
            }
            return "Started a" + (full ? " full" : "n incremental") + " crawl of '" + s.name + "' (job " + job.id
                    + ", status " + job.status().wire() + "). It runs in the background; list_sources shows when it has finished.";
        });
    }
}
