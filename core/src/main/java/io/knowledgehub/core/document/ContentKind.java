package io.knowledgehub.core.document;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of document the knowledge base indexes. A document stores the kind's {@link #mimeType()} in
 * {@code documents.content_type} and in the search index (whatever variant the server sent: an XHTML page is
 * stored as {@code text/html}, a Markdown file served as {@code text/plain} as {@code text/markdown}), so one
 * exact term per kind filters searches. The API names kinds by {@link #wire()}: {@code html}, {@code pdf},
 * {@code markdown}, {@code text}.
 */
public enum ContentKind {
    HTML("html", "text/html"),
    PDF("pdf", "application/pdf"),
    MARKDOWN("markdown", "text/markdown"),
    TEXT("text", "text/plain");

    private final String wire;
    private final String mimeType;

    ContentKind(String wire, String mimeType) {
        this.wire = wire;
        this.mimeType = mimeType;
    }

    public String wire() {
        return wire;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The API's names in order, for messages and the UI. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(ContentKind::wire).toList());
    }

    /**
     * Reads a filter value: a kind's name ({@code markdown}, any case) or a media type that names one
     * ({@code text/markdown}, {@code text/html; charset=utf-8}, {@code application/xhtml+xml}); empty when neither.
     */
    public static Optional<ContentKind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (ContentKind k : values()) {
            if (k.wire.equals(v)) {
                return Optional.of(k);
            }
        }
        return ofMediaType(v);
    }

    /**
     * The kind a Content-Type header names on its own, without looking at the URL; empty for other and generic
     * types ({@code application/octet-stream}) and for no type.
     */
    public static Optional<ContentKind> ofMediaType(String contentType) {
        String t = essence(contentType);
        return switch (t) {
            case "text/html", "application/xhtml+xml" -> Optional.of(HTML);
            case "text/markdown", "text/x-markdown" -> Optional.of(MARKDOWN);
            case "text/plain" -> Optional.of(TEXT);
            case "application/pdf", "application/x-pdf" -> Optional.of(PDF);
            default -> Optional.empty();
        };
    }

    /**
     * The kind of a fetched document: by its Content-Type first, then by the URL's file extension where the type
     * is generic. {@code text/plain} and {@code application/octet-stream} are what many servers send for
     * {@code .md} files, so such a URL is Markdown; {@code .txt} is text and {@code .pdf} PDF under a generic type;
     * no type at all is HTML unless the extension says otherwise (the HTML parser copes with what it gets).
     * Empty when the document is of a kind that is not indexed (images, archives, JSON ...).
     */
    public static Optional<ContentKind> detect(String contentType, String url) {
        String t = essence(contentType);
        Optional<ContentKind> byExtension = byExtension(url);
        if (t.equals("text/plain")) {
            return Optional.of(byExtension.filter(k -> k == MARKDOWN).orElse(TEXT));
        }
        Optional<ContentKind> byType = ofMediaType(t);
        if (byType.isPresent()) {
            return byType;
        }
        if (t.isEmpty()) {
            return Optional.of(byExtension.orElse(HTML));
        }
        if (t.equals("application/octet-stream") || t.equals("binary/octet-stream")) {
            return byExtension;
        }
        return Optional.empty();
    }

    /** The kind the path's file extension names ({@code .md}, {@code .markdown}, {@code .txt}, {@code .pdf}). */
    public static Optional<ContentKind> byExtension(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".md") || p.endsWith(".markdown") || p.endsWith(".mdx")) {
            return Optional.of(MARKDOWN);
        }
        if (p.endsWith(".txt")) {
            return Optional.of(TEXT);
        }
        if (p.endsWith(".pdf")) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    /** The kind of a stored {@code documents.content_type}; HTML for anything unknown (older rows are all HTML). */
    public static ContentKind ofStored(String storedType) {
        return ofMediaType(storedType).orElse(HTML);
    }

    /** {@code Text/HTML; charset=UTF-8} is {@code text/html}; null is empty. */
    static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
