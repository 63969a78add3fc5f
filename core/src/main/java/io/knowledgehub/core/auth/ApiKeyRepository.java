package io.knowledgehub.core.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The queries on {@code api_keys}. Callers run them inside a transaction. */
@ApplicationScoped
public class ApiKeyRepository {

    private final EntityManager em;

    public ApiKeyRepository(EntityManager em) {
        this.em = em;
    }

    public void insert(ApiKey key) {
        em.persist(key);
    }

    public Optional<ApiKey> findByHash(String keyHash) {
        return em.createQuery("from ApiKey where keyHash = :h", ApiKey.class).setParameter("h", keyHash)
                .getResultStream().findFirst();
    }

    public Optional<ApiKey> findById(UUID id) {
        return Optional.ofNullable(em.find(ApiKey.class, id));
    }

    /** Newest first, revoked ones included. */
    public List<ApiKey> list() {
        return em.createQuery("from ApiKey order by createdAt desc, id", ApiKey.class).getResultList();
    }

    /** Revokes the key unless it already is; whether this call revoked it. */
    public boolean revoke(UUID id, Instant at) {
        return em.createQuery("update ApiKey set revokedAt = :at where id = :id and revokedAt is null")
                .setParameter("at", at).setParameter("id", id).executeUpdate() == 1;
    }

    /** Sets {@code last_used_at} unless another request (or replica) did so after {@code notBefore}. */
    public void touch(UUID id, Instant at, Instant notBefore) {
        em.createQuery("update ApiKey set lastUsedAt = :at where id = :id and (lastUsedAt is null or lastUsedAt < :nb)")
                .setParameter("at", at).setParameter("id", id).setParameter("nb", notBefore).executeUpdate();
    }

    /**
     * Locks the admin keys that are not revoked until the transaction ends, so that two revocations of admin keys
     * take turns: the second counts what is left after the first. Ids only, so that no entity is loaded by a read
     * that may have waited.
     */
    public void lockUsableAdmins() {
        em.createNativeQuery("SELECT id FROM api_keys WHERE revoked_at IS NULL AND scope = ?1 ORDER BY id FOR UPDATE")
                .setParameter(1, ApiKeyScope.ADMIN.wire()).getResultList();
    }

    /** Admin keys that are not revoked. */
    public long countUsableAdmins() {
        return em.createQuery("select count(k) from ApiKey k where k.revokedAt is null and k.scope = :admin", Long.class)
                .setParameter("admin", ApiKeyScope.ADMIN.wire()).getSingleResult();
    }

    public long countUsable() {
        return em.createQuery("select count(k) from ApiKey k where k.revokedAt is null", Long.class).getSingleResult();
    }
}
