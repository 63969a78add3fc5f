package io.knowledgehub.api.mcp;

import io.knowledgehub.core.error.NotFoundException;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.SourceService;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Finds a source the way an assistant names it: by its id or by its name (any case). */
@ApplicationScoped
class SourceLookup {

    private static final int PAGE = 500;

    private final SourceService sources;

    SourceLookup(SourceService sources) {
        this.sources = sources;
    }

    /** Every source, in creation order. */
    List<KnowledgeSource> all() {
        List<KnowledgeSource> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            SourceService.Page page = sources.list(PAGE, offset);
            out.addAll(page.sources());
            if (page.sources().size() < PAGE || out.size() >= page.total()) {
                return out;
            }
        }
    }

    KnowledgeSource find(String nameOrId) {
        String wanted = nameOrId == null ? "" : nameOrId.strip();
        if (wanted.isEmpty()) {
            throw new ToolCallException("Name a source (its name or id); list_sources shows them.");
        }
        UUID id = uuid(wanted);
        if (id != null) {
            try {
                return sources.get(id);
            } catch (NotFoundException e) {
                throw new ToolCallException("No source with id '" + wanted + "'; list_sources shows the sources and their ids.");
            }
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        List<KnowledgeSource> all = all();
        // the name as written, else as list_sources shows it (on one line, with Markdown's backslash escapes)
        return all.stream().filter(s -> s.name.toLowerCase(Locale.ROOT).equals(lower)).findFirst()
                .or(() -> all.stream().filter(s -> asShown(s.name).equals(asShown(wanted))).findFirst())
                .orElseThrow(() -> new ToolCallException("No source named '" + wanted + "'; list_sources shows the names."));
    }

    /** A name compared as list_sources shows it: backslash escapes and runs of white space aside, any case. */
    static String asShown(String name) {
        return name.replaceAll("\\\\(\\p{Punct})", "$1").strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static UUID uuid(String raw) {
        try {
            return raw.length() == 36 ? UUID.fromString(raw) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
