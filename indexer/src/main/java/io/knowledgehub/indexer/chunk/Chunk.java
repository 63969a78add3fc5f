package io.knowledgehub.indexer.chunk;

import io.knowledgehub.core.search.ChunkSection;

import java.util.List;

/**
 * A piece of a document sized for the embedding model.
 *
 * @param index       position in the document, from 0
 * @param content     the text to show and to index for keyword search: blocks of the structured text (code
 *                    fenced, headings of merged subsections as {@code #} lines); at most the chunker's max tokens
 * @param tokenCount  word pieces of {@code content} by the chunker's token counter
 * @param headingPath enclosing headings, outermost first; empty before the first heading
 * @param anchor      URL fragment of the section where the content starts (its own heading's anchor, else the
 *                    nearest enclosing heading's that has one), or null
 * @param contentHash SHA-256 of {@code content} (UTF-8), lowercase hex
 * @param embedText   what to embed: a context line ({@code Title › Heading › Subheading}) then the content, or
 *                    the content alone when the context prefix is off; also fits the max tokens
 * @param sections    the sections written as {@code #} lines in a chunk that joins small sections, in order;
 *                    empty otherwise
 */
public record Chunk(int index, String content, int tokenCount, List<String> headingPath, String anchor,
                    String contentHash, String embedText, List<ChunkSection> sections) {

    public Chunk {
        headingPath = List.copyOf(headingPath);
        sections = List.copyOf(sections);
    }
}
