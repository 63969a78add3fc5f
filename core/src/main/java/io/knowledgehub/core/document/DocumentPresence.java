package io.knowledgehub.core.document;

import io.knowledgehub.core.search.LiveDocuments;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@link LiveDocuments} from the documents table: one primary-key lookup per query, in chunks of ids. */
@ApplicationScoped
public class DocumentPresence implements LiveDocuments {

    /** Ids per query: well below the bind-parameter limits of H2 and PostgreSQL. */
    private static final int CHUNK = 1000;

    private final EntityManager em;

    public DocumentPresence(EntityManager em) {
        this.em = em;
    }

    @Override
    public Set<UUID> existing(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<UUID> all = new ArrayList<>(ids);
        return QuarkusTransaction.joiningExisting().call(() -> {
            Set<UUID> out = new HashSet<>();
            for (int i = 0; i < all.size(); i += CHUNK) {
                out.addAll(em.createQuery("select d.id from Document d where d.id in :ids", UUID.class)
                        .setParameter("ids", all.subList(i, Math.min(all.size(), i + CHUNK))).getResultList());
            }
            return out;
        });
    }
}
