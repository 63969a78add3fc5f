package io.knowledgehub.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private final JobRepository repository;
    private final JobQueue queue;
    private final QueueAvailability availability;
    private final int maxAttempts;
    /** Writes and reads the result column: the service's mapper, which names the counters (snake_case). */
    private final ObjectMapper json;

    public JobService(JobRepository repository, JobQueue queue, QueueAvailability availability, JobsConfig config,
                      ObjectMapper json) {
        this.repository = repository;
        this.json = json;
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
        // with the source locked, two requests at once (a double click, a retried request, a firing of the schedule)
        // get one crawl: the second sees the first one's job
        Job job = QuarkusTransaction.requiringNew().call(() -> activeJob(sourceId, JobType.CRAWL).orElseGet(() -> {
            repository.lockSource(sourceId);
            return activeJob(sourceId, JobType.CRAWL).orElseGet(() -> insert(sourceId, JobType.CRAWL, forceRefresh, null));
        }));
        queueIfPending(job);
        return job;
    }

    /**
     * Makes sure an indexing job will look at the source's pending documents: returns the pending RAG job if
     * there is one, else queues a new one (a running job may already have read its list, so it does not count).
     */
    public Job requestIndexing(UUID sourceId) {
        // the lock only when there seems to be none: a crawl asks after every batch it stores, and one is usually there
        Job job = QuarkusTransaction.requiringNew().call(() -> repository.oldestPending(sourceId, JobType.RAG).orElseGet(() -> {
            repository.lockSource(sourceId);
            return repository.oldestPending(sourceId, JobType.RAG).orElseGet(() -> insert(sourceId, JobType.RAG, false, null));
        }));
        queueIfPending(job);
        return job;
    }

    /** Inside the caller's transaction: a new pending job; the caller enqueues it after commit with {@link #queueIfPending}. */
    public Job insert(UUID sourceId, JobType type, boolean forceRefresh, UUID retryOf) {
        return repository.insertPending(sourceId, type, forceRefresh, retryOf);
    }

    /**
     * Hands a committed pending job to the queue. When the queue cannot be reached the job stays pending in the
     * database, where {@link JobRelay} finds it and queues it once the queue answers; the caller goes on as if it
     * had been queued. Returns whether it was queued now.
     */
    public boolean queueIfPending(Job job) {
        if (job.status() != JobStatus.PENDING) {
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
        return QuarkusTransaction.joiningExisting().call(() -> repository.newestActive(sourceId, type));
    }

    public Job get(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> repository.find(id))
                .orElseThrow(() -> new NotFoundException("job", id));
    }

    public Page list(UUID sourceId, JobStatus status, JobType type, int limit, int offset) {
        return QuarkusTransaction.joiningExisting().call(() -> new Page(repository.list(sourceId, status, type, limit, offset),
                repository.count(sourceId, status, type)));
    }

    /** Sources with a pending or running job of {@code type}; in the caller's transaction, or one of its own. */
    public Set<UUID> sourcesWithActiveJob(JobType type) {
        return QuarkusTransaction.joiningExisting().call(() -> repository.sourcesWithActive(type));
    }

    /**
     * Results of the source's latest completed jobs of {@code type} other than {@code except}, newest first; a result
     * that is not JSON is left out.
     */
    public List<JsonNode> completedResults(UUID sourceId, JobType type, UUID except, int max) {
        List<String> stored = QuarkusTransaction.joiningExisting().call(() -> repository.completedResults(sourceId, type, except, max));
        List<JsonNode> out = new ArrayList<>();
        for (String text : stored) {
            try {
                out.add(json.readTree(text));
            } catch (JsonProcessingException e) {
                // an unreadable result tells nothing about the job
            }
        }
        return out;
    }

    /**
     * The job behind each source's {@code last_job_status} ({@link JobRepository#lastStatusBySource}), with that status;
     * in the caller's transaction, or one of its own.
     */
    public Map<UUID, JobRepository.LastJob> lastJobBySource(Collection<UUID> sourceIds) {
        return QuarkusTransaction.joiningExisting().call(() -> repository.lastJobBySource(sourceIds));
    }

    /** Inside the caller's transaction: removes the jobs of a source that is being removed. */
    public void deleteOfSource(UUID sourceId) {
        repository.deleteOfSource(sourceId);
    }

    /** Cancels a pending or running job. A running crawl notices within its next progress report. */
    public Job cancel(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = repository.find(id).orElseThrow(() -> new NotFoundException("job", id));
            if (!job.status().isFinal() && repository.transition(id, JobStatus.ACTIVE, JobStatus.CANCELLED, JobRepository.Move.PLAIN)) {
                return repository.reload(job);
            }
            JobStatus status = repository.reload(job).status();
            throw new ConflictException("Job " + id + " is already " + status.wire() + "; only pending or running jobs can be cancelled.");
        });
    }

    /** A new job repeating a failed or cancelled one (the original stays as history). */
    public Job retry(UUID id) {
        Job retry = QuarkusTransaction.requiringNew().call(() -> {
            Job job = repository.find(id).orElseThrow(() -> new NotFoundException("job", id));
            JobStatus status = job.status();
            if (status != JobStatus.FAILED && status != JobStatus.CANCELLED) {
                throw new ConflictException("Job " + id + " is " + status.wire()
                        + "; only failed or cancelled jobs can be retried (use POST /api/v1/sources/{id}/refresh to crawl again).");
            }
            repository.lockSource(job.sourceId); // as a refresh does: one of two requests at once sees the other's job
            Optional<Job> active = activeJob(job.sourceId, JobType.fromWire(job.type));
            if (active.isPresent()) {
                throw new ConflictException("Source " + job.sourceId + " already has a " + active.get().status().wire() + " "
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
     * taken over too ({@link JobRepository#reclaim}: it stays running, its attempt counted). False if the job is gone
     * or finished (cancelled while queued).
     */
    public boolean start(UUID id, boolean redelivered) {
        // the re-claim first: a job the earlier holder handed back meanwhile is pending, and then claimed below
        return QuarkusTransaction.requiringNew().call(() -> redelivered && repository.reclaim(id)
                || repository.transition(id, JobStatus.PENDING, JobStatus.RUNNING, JobRepository.Move.PLAIN));
    }

    /**
     * Running → pending: a worker that stops gives the job back before releasing its lease. The attempt does not
     * count (as in the queue): only runs cut short by a process that died count towards {@code kh.jobs.max-attempts}.
     */
    public void requeue(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> repository.transition(id, JobStatus.RUNNING, JobStatus.PENDING,
                JobRepository.Move.PLAIN.attemptNotCounted()));
    }

    /**
     * Running → pending for a worker that had to stop without reaching the queue (so it cannot tell whether another
     * worker took the job over): only while no other worker started it since, that is while its attempts are still
     * {@code attempts}. The attempt does not count. True when the job was moved.
     */
    public boolean requeueStarted(UUID id, int attempts) {
        return QuarkusTransaction.requiringNew().call(() -> repository.transition(id, JobStatus.RUNNING, JobStatus.PENDING,
                JobRepository.Move.PLAIN.whileAttempts(attempts).attemptNotCounted()));
    }

    /**
     * @param result the result counters so far, stored as JSON; null keeps the stored ones
     * @return false when the job is no longer running
     */
    public boolean reportProgress(UUID id, int progress, int totalPages, int processedPages, Object result) {
        String resultJson = resultJson(result);
        return QuarkusTransaction.requiringNew().call(() -> repository.reportProgress(id, Math.max(0, Math.min(100, progress)),
                totalPages, processedPages, resultJson));
    }

    /**
     * Running → completed (a job cancelled meanwhile keeps its status but gets its final result).
     *
     * @return the result as stored (JSON), or null
     */
    public String finish(UUID id, Object result) {
        String resultJson = resultJson(result);
        QuarkusTransaction.requiringNew().run(() -> {
            if (!repository.transition(id, JobStatus.RUNNING, JobStatus.COMPLETED, JobRepository.Move.PLAIN.withResult(resultJson))) {
                repository.storeResultOfEnded(id, resultJson);
            }
        });
        return resultJson;
    }

    /**
     * Pending or running → failed (a job that ended meanwhile keeps its status but gets the result).
     *
     * @return the result as stored (JSON), or null
     */
    public String fail(UUID id, String message, Object result) {
        String resultJson = resultJson(result);
        QuarkusTransaction.requiringNew().run(() -> {
            String error = message == null ? "The job failed without a message." : truncate(message, 3900);
            if (!repository.transition(id, JobStatus.ACTIVE, JobStatus.FAILED,
                    JobRepository.Move.PLAIN.withResult(resultJson).withError(error))) {
                repository.storeResultOfEnded(id, resultJson);
            }
        });
        return resultJson;
    }

    private String resultJson(Object result) {
        return result == null ? null : StoredJson.write(json, result);
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
            List<JobRef> running = repository.refs(JobStatus.RUNNING, null);
            if (!running.isEmpty()) {
                Set<UUID> held = new HashSet<>();
                for (JobType type : JobType.values()) {
                    held.addAll(queue.inProgress(type));
                }
                for (JobRef job : running) {
                    if (held.contains(job.id())) {
                        continue;
                    }
                    int attempts = job.attempts();
                    if (attempts >= maxAttempts) {
                        boolean failed = repository.transition(job.id(), JobStatus.RUNNING, JobStatus.FAILED,
                                JobRepository.Move.PLAIN.whileAttempts(attempts).withError(interruptedMessage(attempts)));
                        if (failed) {
                            LOG.warnf("Job %s failed: it was interrupted %d times by a stop of the process running it, "
                                    + "and is not run again", job.id(), attempts);
                        }
                        continue;
                    }
                    // the interrupted run counts: its process died
                    repository.transition(job.id(), JobStatus.RUNNING, JobStatus.PENDING, JobRepository.Move.PLAIN.whileAttempts(attempts));
                }
            }
            return repository.withStatus(JobStatus.PENDING);
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
        return QuarkusTransaction.requiringNew().call(() -> repository.refs(JobStatus.PENDING, null));
    }

    /** Running jobs whose progress or state has not changed since {@code before}. */
    public List<JobRef> runningJobsUnchangedSince(Instant before) {
        return QuarkusTransaction.requiringNew().call(() -> repository.refs(JobStatus.RUNNING, before));
    }

    /**
     * Running → pending for a job that no worker holds in the queue (the queue lost it: its server came back empty),
     * unless it changed since {@code seen} was read. The attempt does not count: the job did not bring its worker down.
     * True when the job was moved; the caller queues it.
     */
    public boolean requeueLost(JobRef seen) {
        return QuarkusTransaction.requiringNew().call(() -> repository.transition(seen.id(), JobStatus.RUNNING, JobStatus.PENDING,
                JobRepository.Move.PLAIN.whileAttempts(seen.attempts()).whileUnchangedSince(seen.updatedAt()).attemptNotCounted()));
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
