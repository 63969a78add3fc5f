package io.knowledgehub.core.document;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One crawled page of a source: its cleaned main text, structure and the validators used by the next
 * incremental crawl (content hash, ETag, Last-Modified, outgoing links).
 */
@Entity
@Table(name = "documents")
public class Document {

    /**
     * The longest URL a document can be stored under (the documents.url column); the crawler skips longer URLs
     * instead of failing the batch that would store them.
     */
    public static final int MAX_URL_LENGTH = 2048;

    @Id
    public UUID id;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String title;

    /** Structured text: '#' heading lines, blank-line separated blocks, fenced code. */
    @Column(nullable = false)
    public String content;

    /** JSON array of {level, text, anchor}. */
    @Column(nullable = false)
    public String headings;

    /** JSON array of in-scope URLs this page links to, followed again when the page is unchanged. */
    @Column(nullable = false)
    public String outlinks;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    /** The {@link ContentKind#mimeType()} of the page: {@code text/html}, {@code text/markdown}, {@code text/plain}, {@code application/pdf}. */
    @Column(name = "content_type", nullable = false)
    public String contentType;

    /**
     * The page as Markdown when it says more than {@link #content} (HTML pages: lists, tables, links, inline code and
     * code languages kept), else null: then {@code content} is the Markdown. Never chunked or indexed.
     */
    public String markdown;

    public String etag;

    @Column(name = "last_modified")
    public String lastModified;

    /**
     * The Markdown twin ({@code <link rel="alternate" type="text/markdown">}) the content was read from, or null when
     * the content is the page's own; an incremental crawl asks it again when the page answers 304.
     */
    @Column(name = "twin_url")
    public String twinUrl;

    /** The twin's ETag, for its conditional GET. */
    @Column(name = "twin_etag")
    public String twinEtag;

    /** The twin's Last-Modified, for its conditional GET. */
    @Column(name = "twin_last_modified")
    public String twinLastModified;

    @Column(nullable = false)
    public int depth;

    /** Whether the current content still has to be chunked and indexed. Stored as {@link IndexStatus#wire()}. */
    @Column(name = "index_status", nullable = false)
    @Convert(converter = IndexStatusColumn.class)
    public IndexStatus indexStatus;

    /** Last time the page was fetched or confirmed unchanged. */
    @Column(name = "fetched_at", nullable = false)
    public Instant fetchedAt;

    /** Last time the content changed (creation for a new page). */
    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
