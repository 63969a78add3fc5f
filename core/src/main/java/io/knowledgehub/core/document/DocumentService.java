package io.knowledgehub.core.document;

import io.knowledgehub.core.error.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.List;
import java.util.UUID;

/** Read access to crawled documents. */
@ApplicationScoped
public class DocumentService {

    /** Aliases listed with one document at most (a site can serve one page under endlessly many URLs). */
    public static final int MAX_ALIASES_SHOWN = 100;

    private final EntityManager em;

    public DocumentService(EntityManager em) {
        this.em = em;
    }

    public record Page(List<Document> documents, long total) {
    }

    public Page list(UUID sourceId, int limit, int offset) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            String where = sourceId == null ? "" : " where sourceId = :s";
            TypedQuery<Document> q = em.createQuery("from Document" + where + " order by url", Document.class);
            TypedQuery<Long> c = em.createQuery("select count(*) from Document" + where, Long.class);
            if (sourceId != null) {
                q.setParameter("s", sourceId);
                c.setParameter("s", sourceId);
            }
            return new Page(q.setFirstResult(offset).setMaxResults(limit).getResultList(), c.getSingleResult());
        });
    }

    /**
     * The documents stored under exactly this URL (one per source that crawled it), oldest first; else the documents
     * that have it as an alias (the same content under another URL); empty if none. URLs are stored normalised by the
     * crawler, so callers should try the variants a user may type themselves.
     */
    public List<Document> findByUrl(String url) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Document> found = em.createQuery("from Document where url = :u order by createdAt, id", Document.class)
                    .setParameter("u", url).setMaxResults(10).getResultList();
            if (!found.isEmpty()) {
                return found;
            }
            return em.createQuery("from Document d where d.id in (select a.documentId from DocumentAlias a "
                            + "where a.url = :u) order by d.createdAt, d.id", Document.class)
                    .setParameter("u", url).setMaxResults(10).getResultList();
        });
    }

    /** The other URLs of its source with this document's content, in URL order; empty when none. */
    public List<String> aliases(UUID documentId) {
        return QuarkusTransaction.joiningExisting().call(() -> em.createQuery(
                        "select a.url from DocumentAlias a where a.documentId = :d order by a.url", String.class)
                .setParameter("d", documentId).setMaxResults(MAX_ALIASES_SHOWN).getResultList());
    }

    public Document get(UUID id) {
        Document d = QuarkusTransaction.joiningExisting().call(() -> em.find(Document.class, id));
        if (d == null) {
            throw new NotFoundException("document", id);
        }
        return d;
    }
}
