package io.knowledgehub.crawler.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentRepository;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.document.StoredHeadings;
import io.knowledgehub.core.job.CoverageRepository;
import io.knowledgehub.core.job.CrawlCoverage;
import io.knowledgehub.core.search.IndexOutboxRepository;
import io.knowledgehub.core.source.SourceRepository;
import io.knowledgehub.crawler.engine.KnownPage;
import io.knowledgehub.crawler.engine.MarkdownTwin;
import io.knowledgehub.crawler.engine.PageOutcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Reads what earlier crawls stored about a source and writes a crawl's outcomes, a batch per transaction. */
@ApplicationScoped
public class CrawlStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final Logger LOG = Logger.getLogger(CrawlStore.class);
    /** How long a batch with deleted pages waits for an index writer of this process to drop them. */
    private static final Duration INDEX_WAIT = Duration.ofSeconds(10);

    private final DocumentRepository documents;
    private final SourceRepository sources;
    private final ObjectMapper json;
    private final IndexOutboxRepository indexOutbox;
    private final CoverageRepository coverage;
    private final BackupGate backupGate;

    public CrawlStore(DocumentRepository documents, SourceRepository sources, ObjectMapper json, IndexOutboxRepository indexOutbox,
                      CoverageRepository coverage, BackupGate backupGate) {
        this.documents = documents;
        this.sources = sources;
        this.json = json;
        this.indexOutbox = indexOutbox;
        this.coverage = coverage;
        this.backupGate = backupGate;
    }

    /** A stored page: its id plus what the next crawl needs. */
    public record StoredPage(UUID id, KnownPage page) {
    }

    public Map<String, StoredPage> knownPages(UUID sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, StoredPage> out = new HashMap<>();
            for (DocumentRepository.CrawlState d : documents.crawlStates(sourceId)) {
                MarkdownTwin twin = d.twinUrl() == null ? null
                        : new MarkdownTwin(d.twinUrl(), d.twinEtag(), d.twinLastModified());
                out.put(d.url(), new StoredPage(d.id(), new KnownPage(d.url(), d.contentHash(), d.etag(),
                        d.lastModified(), readList(d.outlinks()), twin)));
            }
            return out;
        });
    }

    public Optional<String> storedText(UUID documentId) {
        return Optional.ofNullable(QuarkusTransaction.requiringNew().call(() -> {
            return documents.find(documentId).map(d -> d.content).orElse(null);
        }));
    }

    /**
     * Applies a batch of outcomes in one transaction; the search index entries of deleted pages are left to the indexer
     * through the index outbox, in the same transaction.
     * {@code known} is updated in place so that later batches of the same crawl see the ids of pages inserted
     * here. Returns how many pages now wait for indexing (new or updated).
     */
    public int apply(UUID sourceId, List<PageOutcome> batch, Map<String, StoredPage> known) {
        if (batch.isEmpty()) {
            return 0;
        }
        long[] removedWork = {0};
        int changed = backupGate.change(() -> store(sourceId, batch, known, removedWork));
        // searches leave the deleted pages out once their documents are gone; the indexer drops their entries within
        // its outbox interval (cluster: the crawl does not wait for it) or, running in this process, before the crawl
        // goes on (standalone: cached answers, keyed by the index version, are then never older than the deletion).
        // Outside the backup gate: the index writer takes it too.
        if (removedWork[0] != 0) {
            indexOutbox.settle(removedWork[0], INDEX_WAIT);
        }
        return changed;
    }

    private int store(UUID sourceId, List<PageOutcome> batch, Map<String, StoredPage> known, long[] removedWork) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!sources.lockShared(sourceId)) {
                throw new SourceDeletedException(sourceId);
            }
            int pending = 0;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<UUID> deleted = new ArrayList<>();
            for (PageOutcome o : batch) {
                StoredPage stored = known.get(o.url());
                switch (o.kind()) {
                    case NEW, UPDATED -> {
                        Document d = stored == null ? null : documents.find(stored.id()).orElse(null);
                        boolean fresh = d == null;
                        if (fresh) {
                            d = new Document();
                            d.id = UUID.randomUUID();
                            d.sourceId = sourceId;
                            d.url = o.url();
                            d.createdAt = now;
                        }
                        d.title = truncate(o.page().title(), 1000);
                        d.content = o.page().text();
                        d.headings = StoredHeadings.write(o.page().headings());
                        d.outlinks = StoredJson.write(json, o.outlinks());
                        d.contentHash = o.page().contentHash();
                        d.contentType = o.page().kind().mimeType();
                        d.markdown = o.page().markdown();
                        d.etag = truncate(o.etag(), 500);
                        d.lastModified = truncate(o.lastModified(), 100);
                        writeTwin(d, o.twin());
                        d.depth = o.depth();
                        d.indexStatus = IndexStatus.PENDING;
                        d.fetchedAt = now;
                        d.changedAt = now;
                        d.updatedAt = now;
                        if (fresh) {
                            documents.insert(d);
                        }
                        pending++;
                        known.put(o.url(), new StoredPage(d.id, new KnownPage(o.url(), d.contentHash, o.etag(), o.lastModified(),
                                o.outlinks(), o.twin())));
                    }
                    case UNCHANGED -> {
                        if (stored != null && validatorsChanged(stored.page(), o)) {
                            Document d = documents.find(stored.id()).orElse(null);
                            if (d != null) {
                                d.etag = o.etag() != null ? truncate(o.etag(), 500) : d.etag;
                                d.lastModified = o.lastModified() != null ? truncate(o.lastModified(), 100) : d.lastModified;
                                d.outlinks = StoredJson.write(json, o.outlinks());
                                writeTwin(d, o.twin());
                                d.fetchedAt = now;
                                d.updatedAt = now;
                            }
                        }
                    }
                    case DELETED -> {
                        if (stored != null) {
                            deleted.add(stored.id());
                            known.remove(o.url());
                        }
                    }
                    case FAILED, SKIPPED -> {
                        // nothing stored: a page that fails once keeps its last good content
                    }
                }
            }
            aliases(sourceId, batch, known, now);
            if (!deleted.isEmpty()) {
                documents.deleteWithChunks(deleted);
                removedWork[0] = indexOutbox.deleteDocuments(deleted);
            }
            return pending;
        });
    }

    /**
     * Records the batch's aliases (pages with the content of a page stored under another URL) and forgets the aliases
     * of URLs that are no longer one: stored as documents of their own, skipped or deleted. A URL that failed keeps
     * its alias, as a stored page keeps its content.
     */
    private void aliases(UUID sourceId, List<PageOutcome> batch, Map<String, StoredPage> known, Instant now) {
        List<String> noLonger = new ArrayList<>();
        Map<String, UUID> current = new HashMap<>();
        for (PageOutcome o : batch) {
            if (o.aliasOf() != null) {
                StoredPage document = known.get(o.aliasOf());
                if (document != null) {
                    current.put(o.url(), document.id());
                } else {
                    LOG.warnf("Page %s has the content of %s, which is not stored; its alias is not recorded", o.url(), o.aliasOf());
                }
            } else if (o.kind() != PageOutcome.Kind.FAILED) {
                noLonger.add(o.url());
            }
        }
        if (!noLonger.isEmpty()) {
            documents.deleteAliases(sourceId, noLonger);
        }
        if (current.isEmpty()) {
            return;
        }
        documents.recordAliases(sourceId, current, now);
    }

    /**
     * After a crawl that reached every page it could: aliases it did not find again (their URL is no longer linked)
     * are removed.
     *
     * @param since when the crawl started
     */
    public void removeAliasesNotSeenSince(UUID sourceId, Instant since) {
        QuarkusTransaction.requiringNew().run(() -> documents.deleteAliasesNotSeenSince(sourceId, since));
    }

    /**
     * Stores the crawl's coverage report with its job. A report that cannot be stored is logged and does not fail
     * the crawl: the pages it stored matter more than the report about them.
     */
    public void saveCoverage(UUID jobId, CrawlCoverage report) {
        try {
            coverage.save(jobId, report);
        } catch (RuntimeException e) {
            LOG.warnf(e, "The coverage report of crawl job %s could not be stored", jobId);
        }
    }

    /** How many of the source's documents wait for indexing. */
    public long countPending(UUID sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> documents.countPending(sourceId));
    }

    /** See {@link DocumentRepository#forgetValidators}; returns how many pages will be fetched in full. */
    public int forgetValidators(UUID sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> documents.forgetValidators(sourceId));
    }

    public void markCrawled(UUID sourceId, boolean full) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            sources.recordCrawl(sourceId, full, now);
        });
    }

    private static boolean validatorsChanged(KnownPage known, PageOutcome o) {
        return (o.etag() != null && !o.etag().equals(known.etag()))
                || (o.lastModified() != null && !o.lastModified().equals(known.lastModified()))
                || (!o.outlinks().isEmpty() && !Objects.equals(o.outlinks(), known.outlinks()))
                || !Objects.equals(o.twin(), known.twin());
    }

    /** The Markdown twin the page's text was read from, with its validators; all null when the text is its own. */
    private static void writeTwin(Document d, MarkdownTwin twin) {
        d.twinUrl = twin == null ? null : twin.url();
        d.twinEtag = twin == null ? null : truncate(twin.etag(), 500);
        d.twinLastModified = twin == null ? null : truncate(twin.lastModified(), 100);
    }

    private List<String> readList(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
