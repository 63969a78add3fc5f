package io.knowledgehub.core.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sources table: every query on sources lives here. The rules (unique names, valid config, what a removal takes
 * with it) are {@link SourceService}'s; every method runs in the caller's transaction.
 */
@ApplicationScoped
public class SourceRepository {

    private final EntityManager em;

    public SourceRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores a new source and writes it at once, so that rows referring to it (its first job) can follow. */
    void insert(KnowledgeSource source) {
        em.persist(source);
        em.flush();
    }

    /** The source, managed: changes to it are stored when the transaction commits. */
    public Optional<KnowledgeSource> find(UUID id) {
        return Optional.ofNullable(em.find(KnowledgeSource.class, id));
    }

    /**
     * Whether the source exists, holding a shared lock on it until the transaction ends: a deletion of the source
     * waits for the rows the transaction writes about it (and then removes them too) instead of making their
     * insert fail at commit.
     */
    public boolean lockShared(UUID id) {
        return em.find(KnowledgeSource.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_READ) != null;
    }

    /**
     * Locks the source's row for its deletion, first thing in the deleting transaction: a crawl's batch or a new job
     * takes the same row's lock before it touches documents or jobs, so the two wait for each other in one order and
     * cannot deadlock (the deletion removing a document a batch is about to update, while the batch holds the source).
     */
    void lockForDelete(UUID id) {
        em.find(KnowledgeSource.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /** A page of all sources, oldest first (ties by id, so pages never overlap). */
    public List<KnowledgeSource> page(int limit, int offset) {
        return em.createQuery("from KnowledgeSource order by createdAt, id", KnowledgeSource.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** How many sources there are. */
    public long count() {
        return em.createQuery("select count(*) from KnowledgeSource", Long.class).getSingleResult();
    }

    /** The sources whose name is {@code name} ignoring case (names are unique that way, so at most one but for races). */
    List<UUID> named(String name) {
        return em.createQuery("select s.id from KnowledgeSource s where lower(s.name) = :n", UUID.class)
                .setParameter("n", name.toLowerCase(Locale.ROOT)).getResultList();
    }

    /** The active sources, oldest first. */
    List<UUID> active() {
        return em.createQuery("select s.id from KnowledgeSource s where s.status = :active order by s.createdAt", UUID.class)
                .setParameter("active", SourceStatus.ACTIVE).getResultList();
    }

    /** The names of those of {@code ids} that exist. */
    Map<UUID, String> names(Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        for (Object[] row : em.createQuery("select s.id, s.name from KnowledgeSource s where s.id in :ids", Object[].class)
                .setParameter("ids", ids).getResultList()) {
            names.put((UUID) row[0], (String) row[1]);
        }
        return names;
    }

    /**
     * Records that a crawl of the source ended at {@code at}; a {@code full} one (it reached every page it could) is
     * also the last full crawl. Nothing happens when the source is gone.
     */
    public void recordCrawl(UUID id, boolean full, Instant at) {
        em.createQuery("update KnowledgeSource set lastCrawlAt = :now" + (full ? ", lastFullCrawlAt = :now" : "")
                + " where id = :id").setParameter("now", at).setParameter("id", id).executeUpdate();
    }

    /** Removes the source's row; its documents and jobs must be gone first. False when there was none. */
    boolean delete(UUID id) {
        return em.createQuery("delete from KnowledgeSource where id = :id").setParameter("id", id).executeUpdate() == 1;
    }
}
