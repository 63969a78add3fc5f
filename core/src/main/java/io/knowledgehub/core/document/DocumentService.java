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
     * The documents stored under exactly this URL (one per source that crawled it), oldest first; empty if none.
     * URLs are stored normalised by the crawler, so callers should try the variants a user may type themselves.
     */
    public List<Document> findByUrl(String url) {
        return QuarkusTransaction.joiningExisting().call(() -> em.createQuery(
                        "from Document where url = :u order by createdAt, id", Document.class)
                .setParameter("u", url).setMaxResults(10).getResultList());
    }

    public Document get(UUID id) {
        Document d = QuarkusTransaction.joiningExisting().call(() -> em.find(Document.class, id));
        if (d == null) {
            throw new NotFoundException("document", id);
        }
        return d;
    }
}
