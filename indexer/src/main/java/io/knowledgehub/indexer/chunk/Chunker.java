package io.knowledgehub.indexer.chunk;

import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.ChunkSection;

import io.knowledgehub.core.embed.Embedder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Splits a document's structured text into {@link Chunk}s along its structure: sections by heading, then blocks
 * (paragraphs, list items, table rows, code), then sentences, then words as a last resort. A pure function of its
 * inputs; thread-safe when the token counter is.
 *
 * <ul>
 *   <li>Every chunk's content is at most {@link ChunkerSettings#maxTokens()} word pieces measured with the given
 *       counter (use the embedder's {@link Embedder#countTokens}, the real tokenizer), and so is its embed text:
 *       the context prefix is measured and the content budget shrunk by it.</li>
 *   <li>A section that fits stays one chunk, even a little over the target. Longer ones are packed up to the
 *       target with overlapping sentences (see {@link SectionSplitter}).</li>
 *   <li>A heading alone is never a chunk. Small neighbouring sections are merged while under the target when
 *       one of them is small and the merge climbs at most one heading level: siblings, a section with its
 *       subsections, or the sections under one heading followed by that heading's next sibling. The merged
 *       chunk's heading path is the deepest one they share; the headings below it appear in the content as
 *       {@code #} lines, so the structure stays readable. A section whose text leads into
 *       its subsections starts a new chunk with them rather than joining the one before.</li>
 *   <li>Code blocks are kept whole up to the max; longer ones are cut between lines.</li>
 * </ul>
 */
public final class Chunker {

    private final ToIntFunction<String> tokens;
    private final ChunkerSettings settings;
    private final SectionSplitter splitter;

    public Chunker(ToIntFunction<String> tokenCounter, ChunkerSettings settings) {
        this.tokens = Objects.requireNonNull(tokenCounter, "tokenCounter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.splitter = new SectionSplitter(tokenCounter, settings.overlapTokens(), settings.minTokens());
    }

    /** A chunker sized for the embedder's window, measuring with its tokenizer. */
    public static Chunker forEmbedder(Embedder embedder) {
        return new Chunker(embedder::countTokens, ChunkerSettings.forMaxTokens(embedder.maxTokens()));
    }

    public ChunkerSettings settings() {
        return settings;
    }

    /**
     * @param title     the document title, used only in the embed text's context line; may be null
     * @param text      structured text: {@code #} heading lines, blank-line separated blocks, fenced code
     * @param headings  the text's headings in document order (level, text, anchor); may be empty or null
     * @return chunks in document order, indexed from 0; empty when the text has no content
     */
    public List<Chunk> chunk(String title, String text, List<Heading> headings) {
        Objects.requireNonNull(text, "text");
        List<Section> sections = StructuredTextParser.parse(text, headings).stream()
                .filter(section -> !section.blocks().isEmpty())
                .toList();
        List<Piece> pieces = new ArrayList<>();
        Group group = null;
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            Budget budget = budget(title, section.headingTexts());
            int count = tokens.applyAsInt(render(section.path().size(), List.of(section)));
            Section next = i + 1 < sections.size() ? sections.get(i + 1) : null;
            if (group != null && !leadsIntoChildren(section, next, budget) && group.accepts(section, count, title)) {
                continue;
            }
            if (group != null) {
                pieces.add(group.piece());
                group = null;
            }
            if (count <= budget.limit()) {
                group = new Group(section, count);
            } else {
                for (String part : splitter.split(section.blocks(), budget.target(), budget.limit())) {
                    pieces.add(new Piece(section.headingTexts(), section.anchor(), part, List.of()));
                }
            }
        }
        if (group != null) {
            pieces.add(group.piece());
        }
        List<Chunk> chunks = new ArrayList<>(pieces.size());
        for (Piece piece : pieces) {
            chunks.add(toChunk(chunks.size(), title, piece));
        }
        return chunks;
    }

    /**
     * Whether a section's text introduces the subsection that follows and fits with it: it then opens a group
     * with its children instead of joining the previous one.
     */
    private boolean leadsIntoChildren(Section section, Section next, Budget budget) {
        int depth = section.path().size();
        if (next == null || next.path().size() <= depth || Section.sharedDepth(section.path(), next.path()) < depth) {
            return false;
        }
        return tokens.applyAsInt(render(depth, List.of(section, next))) <= budget.target();
    }

    private Chunk toChunk(int index, String title, Piece piece) {
        int count = tokens.applyAsInt(piece.content());
        String embedText = withPrefix(budget(title, piece.path()).prefix(), piece.content(), tokens, settings.maxTokens());
        return new Chunk(index, piece.content(), count, piece.path(), piece.anchor(),
                ChunkIds.contentHash(piece.content()), embedText, piece.sections());
    }

    /**
     * The embed text a chunker with the context prefix on gives {@code content} under this title and heading path
     * ({@link Chunk#embedText()}): for programs that embed an indexed chunk's content, or a part of it, again
     * without chunking the page anew.
     *
     * @param tokens    the embedder's word-piece counter, as the chunker was given
     * @param maxTokens the embedder's window ({@link ChunkerSettings#maxTokens()})
     */
    public static String embedText(String title, List<String> path, String content, ToIntFunction<String> tokens,
                                   int maxTokens) {
        return withPrefix(ContextPrefix.of(title, path, tokens, maxTokens / 4), content, tokens, maxTokens);
    }

    private static String withPrefix(String prefix, String content, ToIntFunction<String> tokens, int maxTokens) {
        if (prefix.isEmpty()) {
            return content;
        }
        String embedText = prefix + "\n\n" + content;
        // the counter did not add up at the join: keep the window honest
        return tokens.applyAsInt(embedText) > maxTokens ? content : embedText;
    }

    /** How much content fits next to the context prefix of this heading path. */
    private Budget budget(String title, List<String> path) {
        String prefix = settings.contextPrefix()
                ? ContextPrefix.of(title, path, tokens, settings.maxTokens() / 4) : "";
        int limit = settings.maxTokens() - (prefix.isEmpty() ? 0 : tokens.applyAsInt(prefix));
        return new Budget(prefix, limit, Math.min(settings.targetTokens(), limit));
    }

    /**
     * The sections' blocks under a path of {@code depth} headings: each section's headings below that depth are
     * written as {@code #} lines where they first change.
     */
    private static String render(int depth, List<Section> sections) {
        List<String> blocks = new ArrayList<>();
        List<Heading> written = sections.getFirst().path().subList(0, depth);
        for (Section section : sections) {
            opened(written, section, depth).forEach(h -> blocks.add(h.line()));
            written = section.path();
            section.blocks().forEach(block -> blocks.add(block.text()));
        }
        return String.join("\n\n", blocks);
    }

    /** The headings of {@code section} below {@code depth} that differ from those {@code written} before it. */
    private static List<Heading> opened(List<Heading> written, Section section, int depth) {
        List<Heading> path = section.path();
        return path.subList(Math.min(path.size(), Math.max(Section.sharedDepth(written, path), depth)), path.size());
    }

    private record Budget(String prefix, int limit, int target) {
    }

    /** Content ready for numbering. */
    private record Piece(List<String> path, String anchor, String content, List<ChunkSection> sections) {
    }

    /** Neighbouring sections on their way into one chunk. */
    private final class Group {

        private final List<Section> sections = new ArrayList<>();
        private int depth;
        private int count;

        Group(Section first, int count) {
            sections.add(first);
            this.depth = first.path().size();
            this.count = count;
        }

        /** Takes the section when merging is allowed, helps (one side small) and fits; says whether it did. */
        boolean accepts(Section next, int nextCount, String title) {
            if (count >= settings.minTokens() && nextCount >= settings.minTokens()) {
                return false;
            }
            List<Heading> path = sections.getFirst().path();
            int common = Math.min(depth, Section.sharedDepth(path, next.path()));
            if (common < depth - 1) {
                return false; // would climb more than one level: the sections don't share a parent
            }
            List<Section> merged = new ArrayList<>(sections);
            merged.add(next);
            String content = render(common, merged);
            int mergedCount = tokens.applyAsInt(content);
            List<String> mergedPath = path.subList(0, common).stream().map(Heading::text).toList();
            if (mergedCount > budget(title, mergedPath).target()) {
                return false;
            }
            sections.add(next);
            depth = common;
            count = mergedCount;
            return true;
        }

        Piece piece() {
            List<String> path = sections.getFirst().path().subList(0, depth).stream().map(Heading::text).toList();
            return new Piece(path, sections.getFirst().anchor(), render(depth, sections), innerSections());
        }

        /** The headings {@link #render} writes as lines, in order, with their anchors. */
        private List<ChunkSection> innerSections() {
            List<ChunkSection> links = new ArrayList<>();
            List<Heading> written = sections.getFirst().path().subList(0, depth);
            for (Section section : sections) {
                for (Heading h : opened(written, section, depth)) {
                    links.add(new ChunkSection(h.text(), h.anchor() == null || h.anchor().isBlank() ? null : h.anchor()));
                }
                written = section.path();
            }
            return links;
        }
    }
}
