package io.knowledgehub.core.job;

import io.knowledgehub.core.error.NotFoundException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The jobs table: every query on jobs lives here, and so does the one conditional update that changes a job's
 * status ({@link #transition}), which refuses what {@link JobStatus#canMoveTo} does not allow. Every method runs in
 * the caller's transaction.
 */
@ApplicationScoped
public class JobRepository {

    private static final Set<JobStatus> FINAL = Set.copyOf(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED));

    private final EntityManager em;

    public JobRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * What a {@link #transition} requires besides the status it leaves, and what it writes besides the status.
     *
     * @param attempts      move only while the job's attempts are still this, that is while no other worker started it
     *                      since it was read; null: whatever they are
     * @param updatedAt     move only while the job's last change is still this; null: whatever it is
     * @param attemptCounts for a move back to pending: false when the run that ends does not count towards
     *                      {@code kh.jobs.max-attempts} (its worker stopped in order, or the queue lost the job)
     * @param result        result JSON to store with a completed or failed job; null keeps the stored one
     * @param errorMessage  what a failed job tells its user
     */
    record Move(Integer attempts, Instant updatedAt, boolean attemptCounts, String result, String errorMessage) {

        static final Move PLAIN = new Move(null, null, true, null, null);

        Move whileAttempts(int expected) {
            return new Move(expected, updatedAt, attemptCounts, result, errorMessage);
        }

        Move whileUnchangedSince(Instant seen) {
            return new Move(attempts, seen, attemptCounts, result, errorMessage);
        }

        Move attemptNotCounted() {
            return new Move(attempts, updatedAt, false, result, errorMessage);
        }

        Move withResult(String json) {
            return new Move(attempts, updatedAt, attemptCounts, json, errorMessage);
        }

        Move withError(String message) {
            return new Move(attempts, updatedAt, attemptCounts, result, message);
        }
    }

    /**
     * Moves the job from one of {@code from} to {@code to} in one conditional update, with what the target status
     * implies (a start time and a counted attempt for running, an end time for the final statuses, ...). False when
     * the job is gone, is in none of {@code from}, or fails a guard of {@code move}: another process moved it first.
     *
     * @throws IllegalStateException when {@link JobStatus#canMoveTo} does not allow a move from one of {@code from}
     *                               to {@code to}; nothing is written then
     */
    boolean transition(UUID id, Set<JobStatus> from, JobStatus to, Move move) {
        if (from.isEmpty()) {
            throw new IllegalArgumentException("a transition needs a status to move from");
        }
        for (JobStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("Job " + id + " cannot move from " + f.wire() + " to " + to.wire());
            }
        }
        StringBuilder jpql = new StringBuilder("update Job set status = :to, updatedAt = :now");
        switch (to) {
            case RUNNING -> jpql.append(", startedAt = :now, attempts = attempts + 1, errorMessage = null");
            case PENDING -> jpql.append(move.attemptCounts() ? "" : ", attempts = case when attempts > 0 then attempts - 1 else 0 end");
            case COMPLETED -> jpql.append(", progress = 100, completedAt = :now, result = coalesce(:r, result)");
            case FAILED -> jpql.append(", errorMessage = :m, completedAt = :now, result = coalesce(:r, result)");
            case CANCELLED -> jpql.append(", completedAt = :now");
        }
        jpql.append(" where id = :id and status in :from");
        if (move.attempts() != null) {
            jpql.append(" and attempts = :a");
        }
        if (move.updatedAt() != null) {
            jpql.append(" and updatedAt = :u");
        }
        Query q = em.createQuery(jpql.toString()).setParameter("to", to).setParameter("now", JobService.now())
                .setParameter("id", id).setParameter("from", from);
        if (to == JobStatus.COMPLETED || to == JobStatus.FAILED) {
            q.setParameter("r", move.result());
        }
        if (to == JobStatus.FAILED) {
            q.setParameter("m", move.errorMessage());
        }
        if (move.attempts() != null) {
            q.setParameter("a", move.attempts());
        }
        if (move.updatedAt() != null) {
            q.setParameter("u", move.updatedAt());
        }
        return q.executeUpdate() == 1;
    }

    /** {@link #transition} from a single status. */
    boolean transition(UUID id, JobStatus from, JobStatus to, Move move) {
        return transition(id, Set.of(from), to, move);
    }

    /**
     * A running job taken over by a worker whose lease says an earlier holder lost it ({@link JobLease#redelivered()}).
     * This is not a transition (running → running is refused by {@link JobStatus#canMoveTo}): the job stays running,
     * but the attempt counts and the start time is the new one. The changed attempts are what stops the earlier
     * holder, whose hand-back is guarded by the attempts it saw, from moving the job under the new one.
     * False when the job is gone or not running.
     */
    boolean reclaim(UUID id) {
        return em.createQuery("update Job set startedAt = :now, updatedAt = :now, attempts = attempts + 1, errorMessage = null "
                        + "where id = :id and status = :running")
                .setParameter("now", JobService.now()).setParameter("id", id).setParameter("running", JobStatus.RUNNING)
                .executeUpdate() == 1;
    }

    /** Progress of a running job (its status unchanged); false when the job is no longer running. */
    boolean reportProgress(UUID id, int progress, int totalPages, int processedPages, String resultJson) {
        return em.createQuery("update Job set progress = :p, totalPages = :t, processedPages = :d, result = coalesce(:r, result), "
                        + "updatedAt = :now where id = :id and status = :running")
                .setParameter("p", progress).setParameter("t", totalPages).setParameter("d", processedPages)
                .setParameter("r", resultJson).setParameter("now", JobService.now()).setParameter("id", id)
                .setParameter("running", JobStatus.RUNNING).executeUpdate() == 1;
    }

    /** The last result of a job that ended meanwhile (cancelled while it ran): its status stays. */
    void storeResultOfEnded(UUID id, String resultJson) {
        em.createQuery("update Job set result = coalesce(:r, result), updatedAt = :now where id = :id and status in :ended")
                .setParameter("r", resultJson).setParameter("now", JobService.now()).setParameter("id", id)
                .setParameter("ended", FINAL).executeUpdate();
    }

    /** A new job, pending: the only status a job is created with. */
    Job insertPending(UUID sourceId, JobType type, boolean forceRefresh, UUID retryOf) {
        // the source row locked until the transaction ends: a deletion of the source waits for the job (and removes it
        // with the source) instead of the insert failing at commit on the jobs' reference to a source just deleted
        lockSource(sourceId);
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.sourceId = sourceId;
        job.type = type.wire();
        job.status = JobStatus.PENDING;
        job.forceRefresh = forceRefresh;
        job.createdAt = JobService.now();
        job.updatedAt = job.createdAt;
        job.retryOf = retryOf;
        em.persist(job);
        return job;
    }

    /**
     * Locks the source's row until the transaction ends, so that transactions that look for a source's job and insert
     * one when there is none take turns: the second one sees the first one's job (read committed) instead of both
     * inserting one. Not found: the source is gone.
     */
    void lockSource(UUID sourceId) {
        if (em.createNativeQuery("SELECT id FROM knowledge_sources WHERE id = ?1 FOR UPDATE").setParameter(1, sourceId)
                .getResultList().isEmpty()) {
            throw new NotFoundException("source", sourceId);
        }
    }

    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id));
    }

    /** The job as stored now (after a {@link #transition}, which bypasses loaded entities). */
    Job reload(Job job) {
        em.refresh(job);
        return job;
    }

    /** The source's newest pending or running job of {@code type}. */
    public Optional<Job> newestActive(UUID sourceId, JobType type) {
        return em.createQuery("from Job where sourceId = :s and type = :t and status in :active order by createdAt desc", Job.class)
                .setParameter("s", sourceId).setParameter("t", type.wire()).setParameter("active", JobStatus.ACTIVE)
                .setMaxResults(1).getResultStream().findFirst();
    }

    /** The source's oldest pending job of {@code type}. */
    public Optional<Job> oldestPending(UUID sourceId, JobType type) {
        return em.createQuery("from Job where sourceId = :s and type = :t and status = :pending order by createdAt", Job.class)
                .setParameter("s", sourceId).setParameter("t", type.wire()).setParameter("pending", JobStatus.PENDING)
                .setMaxResults(1).getResultStream().findFirst();
    }

    /** Jobs matching the filters (each null for any), newest first. */
    public List<Job> list(UUID sourceId, JobStatus status, JobType type, int limit, int offset) {
        TypedQuery<Job> q = em.createQuery("from Job" + where(sourceId, status, type) + " order by createdAt desc, id", Job.class);
        bind(q, sourceId, status, type);
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** How many jobs match the filters (each null for any). */
    public long count(UUID sourceId, JobStatus status, JobType type) {
        TypedQuery<Long> q = em.createQuery("select count(*) from Job" + where(sourceId, status, type), Long.class);
        bind(q, sourceId, status, type);
        return q.getSingleResult();
    }

    private static String where(UUID sourceId, JobStatus status, JobType type) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (sourceId != null) {
            where.append(" and sourceId = :s");
        }
        if (status != null) {
            where.append(" and status = :st");
        }
        if (type != null) {
            where.append(" and type = :t");
        }
        return where.toString();
    }

    private static void bind(TypedQuery<?> query, UUID sourceId, JobStatus status, JobType type) {
        if (sourceId != null) {
            query.setParameter("s", sourceId);
        }
        if (status != null) {
            query.setParameter("st", status);
        }
        if (type != null) {
            query.setParameter("t", type.wire());
        }
    }

    /** Pending and running jobs, newest first. */
    public List<Job> active(int max) {
        return em.createQuery("from Job where status in :active order by createdAt desc", Job.class)
                .setParameter("active", JobStatus.ACTIVE).setMaxResults(max).getResultList();
    }

    /** Jobs that ended, the most recently ended first. */
    public List<Job> ended(int max) {
        return em.createQuery("from Job where status in :ended order by coalesce(completedAt, createdAt) desc", Job.class)
                .setParameter("ended", FINAL).setMaxResults(max).getResultList();
    }

    /** Jobs of {@code type} (null: any) changed at or after {@code since}, in the order they changed. */
    public List<Job> changedSince(JobType type, Instant since, int max) {
        TypedQuery<Job> q = em.createQuery("from Job where updatedAt >= :since" + (type == null ? "" : " and type = :t")
                + " order by updatedAt", Job.class).setParameter("since", since).setMaxResults(max);
        if (type != null) {
            q.setParameter("t", type.wire());
        }
        return q.getResultList();
    }

    /** Sources with a pending or running job of {@code type}. */
    public Set<UUID> sourcesWithActive(JobType type) {
        return new HashSet<>(em.createQuery("select distinct j.sourceId from Job j where j.type = :t and j.status in :active", UUID.class)
                .setParameter("t", type.wire()).setParameter("active", JobStatus.ACTIVE).getResultList());
    }

    /** Results of the source's completed jobs of {@code type} other than {@code except}, newest first. */
    public List<String> completedResults(UUID sourceId, JobType type, UUID except, int max) {
        return em.createQuery("select j.result from Job j where j.sourceId = :s and j.type = :t and j.status = :completed "
                        + "and j.id <> :j and j.result is not null order by j.createdAt desc", String.class)
                .setParameter("s", sourceId).setParameter("t", type.wire()).setParameter("completed", JobStatus.COMPLETED)
                .setParameter("j", except).setMaxResults(max).getResultList();
    }

    /**
     * What each source's jobs say about it, as {@code last_job_status}: the status of its newest crawl; once that crawl
     * completed, the status of the newest indexing job created after it when that one is pending, running, failed or
     * cancelled (the crawl's pages are not all searchable yet, or will not be). A source without a crawl shows its
     * newest job's status; sources without jobs are absent. The indexing jobs a crawl requests no longer hide a
     * cancelled or failed crawl, nor does one that completed show a crawl still running as completed.
     */
    public Map<UUID, JobStatus> lastStatusBySource(Collection<UUID> sourceIds) {
        Map<UUID, JobStatus> out = new HashMap<>();
        lastJobBySource(sourceIds).forEach((source, job) -> out.put(source, job.status()));
        return out;
    }

    /** The job behind each source's {@link #lastStatusBySource last status}: the one whose status it is. */
    public Map<UUID, LastJob> lastJobBySource(Collection<UUID> sourceIds) {
        Map<UUID, LastJob> newest = new HashMap<>();
        Map<UUID, LastJob> crawl = new HashMap<>();
        Map<UUID, LastJob> indexingAfterCrawl = new HashMap<>();
        for (Object[] row : em.createQuery("select j.sourceId, j.type, j.status, j.id from Job j where j.sourceId in :ids order by j.createdAt, j.id",
                Object[].class).setParameter("ids", sourceIds).getResultList()) {
            UUID source = (UUID) row[0];
            LastJob job = new LastJob((UUID) row[3], (JobStatus) row[2]);
            newest.put(source, job);
            if (JobType.CRAWL.wire().equals(row[1])) {
                crawl.put(source, job);
                indexingAfterCrawl.remove(source);
            } else if (JobType.RAG.wire().equals(row[1])) {
                indexingAfterCrawl.put(source, job);
            }
        }
        Map<UUID, LastJob> last = new HashMap<>(newest);
        crawl.forEach((source, job) -> {
            LastJob indexing = indexingAfterCrawl.get(source);
            last.put(source, job.status() == JobStatus.COMPLETED && indexing != null ? indexing : job);
        });
        return last;
    }

    /** A job's id and status. */
    public record LastJob(UUID id, JobStatus status) {
    }

    /** Removes the source's jobs (the source is being removed). */
    public int deleteOfSource(UUID sourceId) {
        return em.createQuery("delete from Job where sourceId = :s").setParameter("s", sourceId).executeUpdate();
    }

    /** Jobs in {@code status}, oldest first; with {@code unchangedSince}, only those not changed since then. */
    List<JobService.JobRef> refs(JobStatus status, Instant unchangedSince) {
        TypedQuery<Object[]> q = em.createQuery("select id, type, attempts, updatedAt from Job where status = :st"
                + (unchangedSince == null ? "" : " and updatedAt < :before") + " order by createdAt", Object[].class)
                .setParameter("st", status);
        if (unchangedSince != null) {
            q.setParameter("before", unchangedSince);
        }
        return q.getResultList().stream().map(r -> new JobService.JobRef((UUID) r[0], JobType.fromWire((String) r[1]),
                ((Number) r[2]).intValue(), (Instant) r[3])).toList();
    }

    /** Jobs in {@code status}, oldest first. */
    List<Job> withStatus(JobStatus status) {
        return em.createQuery("from Job where status = :st order by createdAt", Job.class).setParameter("st", status).getResultList();
    }
}
