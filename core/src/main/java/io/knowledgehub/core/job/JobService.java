package io.knowledgehub.core.job;

import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates jobs and moves them through {@link JobStatus}. A job is enqueued only after the transaction that
 * created it committed, so a worker never takes an id it cannot read.
 *
 * <p>The jobs table is the outbox of the queue: a job is committed as {@code pending} together with whatever asked
 * for it (a new source, a refresh), and handed to the queue afterwards. When the queue cannot be reached then, the
 * request still succeeds: the job stays pending in the database, and {@link JobRelay} queues it once the queue
 * answers again.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final EntityManager em;
    private final JobQueue queue;
    private final QueueAvailability availability;
    private final int maxAttempts;

    public JobService(EntityManager em, JobQueue queue, QueueAvailability availability, JobsConfig config) {
        this.em = em;
        this.queue = queue;
        this.availability = availability;
        this.maxAttempts = config.maxAttempts();
    }

    public record Page(List<Job> jobs, long total) {
    }

    /**
     * The source's pending or running crawl if there is one, else a new pending crawl job (enqueued).
     * Must be called outside a transaction.
     */
    public Job requestCrawl(UUID sourceId, boolean forceRefresh) {
        Job job = QuarkusTransaction.requiringNew().call(() -> activeJob(sourceId, JobType.CRAWL)
                .orElseGet(() -> insert(sourceId, JobType.CRAWL, forceRefresh, null)));
        queueIfPending(job);
        return job;
    }

    /**
     * Makes sure an indexing job will look at the source's pending documents: returns the pending RAG job if
     * there is one, else queues a new one (a running job may already have read its list, so it does not count).
     */
    public Job requestIndexing(UUID sourceId) {
        Job job = QuarkusTransaction.requiringNew().call(() -> em.createQuery("from Job where sourceId = :s and type = 'rag' "
                        + "and status = 'pending' order by createdAt", Job.class)
                .setParameter("s", sourceId).setMaxResults(1).getResultStream().findFirst()
                .orElseGet(() -> insert(sourceId, JobType.RAG, false, null)));
        queueIfPending(job);
        return job;
    }

    /** Inside the caller's transaction: a new pending job; the caller enqueues it after commit with {@link #queueIfPending}. */
    public Job insert(UUID sourceId, JobType type, boolean forceRefresh, UUID retryOf) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.sourceId = sourceId;
        job.type = type.wire();
        job.status = JobStatus.PENDING.wire();
        job.forceRefresh = forceRefresh;
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        job.retryOf = retryOf;
        em.persist(job);
        return job;
    }

    /**
     * Hands a committed pending job to the queue. When the queue cannot be reached the job stays pending in the
     * database, where {@link JobRelay} finds it and queues it once the queue answers; the caller goes on as if it
     * had been queued. Returns whether it was queued now.
     */
    public boolean queueIfPending(Job job) {
        if (!JobStatus.PENDING.wire().equals(job.status)) {
            return false;
        }
        try {
            queue.enqueue(job.id, JobType.fromWire(job.type));
            availability.reachable();
            return true;
        } catch (QueueUnavailableException e) {
            availability.unreachable(e);
            LOG.debugf("Job %s waits in the database until the job queue answers", job.id);
            return false;
        }
    }

    /** The source's newest pending or running job of {@code type}; in the caller's transaction, or one of its own. */
    public Optional<Job> activeJob(UUID sourceId, JobType type) {
        return QuarkusTransaction.joiningExisting().call(() -> em.createQuery("from Job where sourceId = :s and type = :t "
                        + "and status in ('pending', 'running') order by createdAt desc", Job.class)
                .setParameter("s", sourceId).setParameter("t", type.wire()).setMaxResults(1)
                .getResultStream().findFirst());
    }

    public Job get(UUID id) {
        Job job = QuarkusTransaction.joiningExisting().call(() -> em.find(Job.class, id));
        if (job == null) {
            throw new NotFoundException("job", id);
        }
        return job;
    }

    public Page list(UUID sourceId, JobStatus status, JobType type, int limit, int offset) {
        return QuarkusTransaction.joiningExisting().call(() -> {
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
            TypedQuery<Job> q = em.createQuery("from Job" + where + " order by createdAt desc, id", Job.class);
            TypedQuery<Long> c = em.createQuery("select count(*) from Job" + where, Long.class);
            for (TypedQuery<?> query : List.of(q, c)) {
                if (sourceId != null) {
                    query.setParameter("s", sourceId);
                }
                if (status != null) {
                    query.setParameter("st", status.wire());
                }
                if (type != null) {
                    query.setParameter("t", type.wire());
                }
            }
            return new Page(q.setFirstResult(offset).setMaxResults(limit).getResultList(), c.getSingleResult());
        });
    }

    /** Cancels a pending or running job. A running crawl notices within its next progress report. */
    public Job cancel(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = em.find(Job.class, id);
            if (job == null) {
                throw new NotFoundException("job", id);
            }
            JobStatus status = job.jobStatus();
            if (status.isFinal()) {
                throw new ConflictException("Job " + id + " is already " + status.wire() + "; only pending or running jobs can be cancelled.");
            }
            job.status = JobStatus.CANCELLED.wire();
            job.completedAt = now();
            job.updatedAt = job.completedAt;
            return job;
        });
    }

    /** A new job repeating a failed or cancelled one (the original stays as history). */
    public Job retry(UUID id) {
        Job retry = QuarkusTransaction.requiringNew().call(() -> {
            Job job = em.find(Job.class, id);
            if (job == null) {
                throw new NotFoundException("job", id);
            }
            JobStatus status = job.jobStatus();
            if (status != JobStatus.FAILED && status != JobStatus.CANCELLED) {
                throw new ConflictException("Job " + id + " is " + status.wire()
                        + "; only failed or cancelled jobs can be retried (use POST /api/v1/sources/{id}/refresh to crawl again).");
            }
            Optional<Job> active = activeJob(job.sourceId, JobType.fromWire(job.type));
            if (active.isPresent()) {
                throw new ConflictException("Source " + job.sourceId + " already has a " + active.get().status + " "
                        + job.type + " job (" + active.get().id + "); wait for it or cancel it first.");
            }
            return insert(job.sourceId, JobType.fromWire(job.type), job.forceRefresh, job.id);
        });
        queueIfPending(retry);
        return retry;
    }

    /** Pending → running; false if the job is gone or no longer pending (cancelled while queued). */
    public boolean start(UUID id) {
        return start(id, false);
    }

    /**
     * Pending → running for the worker that holds the job's lease. With {@code redelivered} (an earlier holder
     * stopped without finishing, see {@link JobLease#redelivered()}) a job still marked running by that holder is
     * taken over too. False if the job is gone or finished (cancelled while queued).
     */
    public boolean start(UUID id, boolean redelivered) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            String from = redelivered ? "status in ('pending', 'running')" : "status = 'pending'";
            return em.createQuery("update Job set status = 'running', startedAt = :now, updatedAt = :now, "
                            + "attempts = attempts + 1, errorMessage = null where id = :id and " + from)
                    .setParameter("now", now).setParameter("id", id).executeUpdate() == 1;
        });
    }

    /**
     * Running → pending: a worker that stops gives the job back before releasing its lease. The attempt does not
     * count (as in the queue): only runs cut short by a process that died count towards {@code kh.jobs.max-attempts}.
     */
    public void requeue(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> em.createQuery("update Job set status = 'pending', updatedAt = :now, "
                        + "attempts = case when attempts > 0 then attempts - 1 else 0 end "
                        + "where id = :id and status = 'running'")
                .setParameter("now", now()).setParameter("id", id).executeUpdate());
    }

    /**
     * Running → pending for a worker that had to stop without reaching the queue (so it cannot tell whether another
     * worker took the job over): only while no other worker started it since, that is while its attempts are still
     * {@code attempts}. The attempt does not count. True when the job was moved.
     */
    public boolean requeueStarted(UUID id, int attempts) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("update Job set status = 'pending', updatedAt = :now, "
                        + "attempts = case when attempts > 0 then attempts - 1 else 0 end "
                        + "where id = :id and status = 'running' and attempts = :a")
                .setParameter("now", now()).setParameter("id", id).setParameter("a", attempts).executeUpdate() == 1);
    }

    /** @return false when the job is no longer running */
    public boolean reportProgress(UUID id, int progress, int totalPages, int processedPages, String resultJson) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("update Job set progress = :p, totalPages = :t, "
                        + "processedPages = :d, result = coalesce(:r, result), updatedAt = :now where id = :id and status = 'running'")
                .setParameter("p", Math.max(0, Math.min(100, progress))).setParameter("t", totalPages)
                .setParameter("d", processedPages).setParameter("r", resultJson).setParameter("now", now())
                .setParameter("id", id).executeUpdate() == 1);
    }

    /** Running → completed (a cancelled job keeps its status but gets its final result). */
    public void finish(UUID id, String resultJson) {
        QuarkusTransaction.requiringNew().run(() -> {
            Job job = em.find(Job.class, id);
            if (job == null) {
                return;
            }
            if (resultJson != null) {
                job.result = resultJson;
            }
            if (job.jobStatus() == JobStatus.RUNNING) {
                job.status = JobStatus.COMPLETED.wire();
                job.progress = 100;
                job.completedAt = now();
            }
            job.updatedAt = now();
        });
    }

    public void fail(UUID id, String message, String resultJson) {
        QuarkusTransaction.requiringNew().run(() -> {
            Job job = em.find(Job.class, id);
            if (job == null) {
                return;
            }
            if (resultJson != null) {
                job.result = resultJson;
            }
            if (job.jobStatus() == JobStatus.RUNNING || job.jobStatus() == JobStatus.PENDING) {
                job.status = JobStatus.FAILED.wire();
                job.errorMessage = message == null ? "The job failed without a message." : truncate(message, 3900);
                job.completedAt = now();
            }
            job.updatedAt = now();
        });
    }

    /**
     * Start-up recovery: jobs left running by a process that died go back to pending, unless a worker holds the
     * job's lease in the queue (in cluster mode other processes keep running their jobs, and a lease that expires is
     * handed on by the queue itself); every pending job is queued again, oldest first. Returns the ids queued.
     *
     * <p>A job left running that was already started {@code kh.jobs.max-attempts} times is marked failed instead:
     * a job that brings its process down (out of memory, a crash in native code) would otherwise do so again on every
     * start. Attempts count the starts of a job; a job handed back by a worker that stopped in order does not count
     * (see {@link #requeue}).
     */
    public List<UUID> recoverAndRequeue() {
        List<Job> pending = QuarkusTransaction.requiringNew().call(() -> {
            // running jobs first, then the leases: a job started after this read is not touched, and one that
            // changed hands in between is recognised by its attempts count
            List<Object[]> running = em.createQuery("select j.id, j.attempts from Job j where j.status = 'running'", Object[].class)
                    .getResultList();
            if (!running.isEmpty()) {
                Set<UUID> held = new HashSet<>();
                for (JobType type : JobType.values()) {
                    held.addAll(queue.inProgress(type));
                }
                for (Object[] row : running) {
                    if (held.contains((UUID) row[0])) {
                        continue;
                    }
                    int attempts = ((Number) row[1]).intValue();
                    if (attempts >= maxAttempts) {
                        int failed = em.createQuery("update Job set status = 'failed', errorMessage = :m, completedAt = :now, "
                                        + "updatedAt = :now where id = :id and status = 'running' and attempts = :a")
                                .setParameter("m", interruptedMessage(attempts)).setParameter("now", now())
                                .setParameter("id", row[0]).setParameter("a", row[1]).executeUpdate();
                        if (failed == 1) {
                            LOG.warnf("Job %s failed: it was interrupted %d times by a stop of the process running it, "
                                    + "and is not run again", row[0], attempts);
                        }
                        continue;
                    }
                    em.createQuery("update Job set status = 'pending', updatedAt = :now where id = :id "
                                    + "and status = 'running' and attempts = :a")
                            .setParameter("now", now()).setParameter("id", row[0]).setParameter("a", row[1]).executeUpdate();
                }
            }
            return em.createQuery("from Job where status = 'pending' order by createdAt", Job.class).getResultList();
        });
        List<UUID> ids = new ArrayList<>();
        for (Job job : pending) {
            queueIfPending(job);
            ids.add(job.id);
        }
        return ids;
    }

    /** Id, type and last change of a job, as {@link JobRelay} compares the database with the queue. */
    public record JobRef(UUID id, JobType type, int attempts, Instant updatedAt) {
    }

    /** Every pending job, oldest first. */
    public List<JobRef> pendingJobs() {
        return refs("status = 'pending'", null);
    }

    /** Running jobs whose progress or state has not changed since {@code before}. */
    public List<JobRef> runningJobsUnchangedSince(Instant before) {
        return refs("status = 'running' and updatedAt < :before", before);
    }

    private List<JobRef> refs(String where, Instant before) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TypedQuery<Object[]> q = em.createQuery("select id, type, attempts, updatedAt from Job where " + where
                    + " order by createdAt", Object[].class);
            if (before != null) {
                q.setParameter("before", before);
            }
            return q.getResultList().stream().map(r -> new JobRef((UUID) r[0], JobType.fromWire((String) r[1]),
                    ((Number) r[2]).intValue(), (Instant) r[3])).toList();
        });
    }

    /**
     * Running → pending for a job that no worker holds in the queue (the queue lost it: its server came back empty),
     * unless it changed since {@code seen} was read. The attempt does not count: the job did not bring its worker down.
     * True when the job was moved; the caller queues it.
     */
    public boolean requeueLost(JobRef seen) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("update Job set status = 'pending', updatedAt = :now, "
                        + "attempts = case when attempts > 0 then attempts - 1 else 0 end "
                        + "where id = :id and status = 'running' and attempts = :a and updatedAt = :u")
                .setParameter("now", now()).setParameter("id", seen.id()).setParameter("a", seen.attempts())
                .setParameter("u", seen.updatedAt()).executeUpdate() == 1);
    }

    /** The error of a job given up at start-up recovery after {@code attempts} interrupted runs. */
    static String interruptedMessage(int attempts) {
        return "The job was interrupted " + attempts + " times: each time the process running it stopped before the job "
                + "ended (it was killed, crashed or ran out of memory). It is not run again automatically, so that a job "
                + "that brings the process down does not do so on every start. The server log around the job's start "
                + "times tells why; retry it with POST /api/v1/jobs/{id}/retry once that is fixed.";
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
