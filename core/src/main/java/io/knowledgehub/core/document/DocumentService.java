package io.knowledgehub.core.document;

import io.knowledgehub.core.error.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Read access to crawled documents. */
@ApplicationScoped
public class DocumentService {

    /** Aliases listed with one document at most (a site can serve one page under endlessly many URLs). */
    public static final int MAX_ALIASES_SHOWN = 100;

    private final DocumentRepository documents;

    public DocumentService(DocumentRepository documents) {
        this.documents = documents;
    }

    public record Page(List<Document> documents, long total) {
    }

    public Page list(UUID sourceId, int limit, int offset) {
        return QuarkusTransaction.joiningExisting().call(() ->
                new Page(documents.page(sourceId, limit, offset), documents.count(sourceId)));
    }

    /**
     * The documents stored under exactly this URL (one per source that crawled it), oldest first; else the documents
     * that have it as an alias (the same content under another URL); empty if none. URLs are stored normalised by the
     * crawler, so callers should try the variants a user may type themselves.
     */
    public List<Document> findByUrl(String url) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Document> found = documents.withUrl(url, 10);
            if (!found.isEmpty()) {
                return found;
            }
            return documents.withAlias(url, 10);
        });
    }

    /** The other URLs of its source with this document's content, in URL order; empty when none. */
    public List<String> aliases(UUID documentId) {
        return QuarkusTransaction.joiningExisting().call(() -> documents.aliasUrls(documentId, MAX_ALIASES_SHOWN));
    }

    public Document get(UUID id) {
        Document d = QuarkusTransaction.joiningExisting().call(() -> documents.find(id).orElse(null));
        if (d == null) {
            throw new NotFoundException("document", id);
        }
        return d;
    }
}
