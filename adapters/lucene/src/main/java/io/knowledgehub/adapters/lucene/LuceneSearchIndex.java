package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.ChunkSection;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexModelMismatchException;
import io.knowledgehub.core.search.IndexSnapshot;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnByteVectorField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergeScheduler;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.StringHelper;
import org.apache.lucene.util.VectorUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The standalone search index: one Lucene index on disk holding every chunk with its text fields (BM25) and its
 * vector (HNSW, dot product on normalised vectors = cosine; floats, or 8-bit vectors only: {@link VectorQuantization}). The embedding model is recorded in the commit data
 * so that an index is never mixed with vectors of another model.
 */
public final class LuceneSearchIndex implements SearchIndex {

    static final String ID = "id";
    static final String DOC = "doc";
    static final String SOURCE = "src";
    static final String INDEX = "idx";
    static final String TITLE = "title";
    static final String HEADINGS = "headings";
    static final String BODY = "body";
    static final String URL = "url";
    static final String ANCHOR = "anchor";
    /** Sections inside a chunk: heading and anchor (empty when none) per entry (stored only). */
    static final String SECTIONS = "sections";
    private static final char UNIT = '\u001f';
    private static final char RECORD = '\u001e';
    static final String CONTENT_TYPE = "ctype";
    static final String UPDATED = "updated";
    static final String VECTOR = "vec";
    /** The 8-bit vectors of {@link VectorQuantization#INT8_ONLY} (an index holds this field or {@link #VECTOR}). */
    static final String VECTOR_BYTES = "vec8";
    /** Title, headings and body again, unstemmed: what prefix queries match. */
    static final String WORDS = "words";
    /**
     * How {@link #WORDS} is indexed: which chunks hold each word, nothing more. Prefix queries filter (required or
     * excluded clauses) or add a constant score (optional ones), so the field needs no positions, frequencies or norms;
     * at a million chunks they took 98 MiB of a 955 MiB index. An index written with positions keeps
     * them until it is emptied: Lucene keeps one set of options per field.
     */
    static final FieldType WORDS_TYPE = wordsType();
    private static final String MODEL_NAME = "model.name";
    private static final String MODEL_DIMENSION = "model.dimension";
    private static final String HEADING_SEPARATOR = "\n";

    private final Path path;
    private final Directory directory;
    /** The writer, the searchers over it and what it was configured with: replaced whole when the writer is reopened. */
    private volatile Writing w;
    private final LuceneQueries queries;
    private final DecodedChunks decoded;
    private final AtomicLong version = new AtomicLong();
    private final VectorQuantization quantization;
    /** Whether chunks are written with 8-bit vectors only: what the index holds, or the setting when it is empty. */
    private volatile boolean bytes;
    /** Whether {@link #WORDS} is written with positions: only while the index holds it so (written before). */
    private volatile boolean wordsWithPositions;
    private volatile IndexModel model;
    /** A merge of {@link #mergeSegments} is running: closing does not wait for it. */
    private volatile boolean forcing;
    /** A merge of {@link #mergeSegments} ended that searchers do not see yet: the next {@link #commit} shows it. */
    private volatile boolean merged;
    /** The heap the vector graph of a merged segment takes an entry, about: 32 neighbours with their scores. */
    static final long MERGE_GRAPH_BYTES_PER_ENTRY = 350;
    /** Live entries whose merged vector graph fits the heap; 0: a third of the heap's worth. */
    private volatile long mergeGraphEntries;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The failure of the last commit, or of the writer, until a commit of changes succeeds ({@link #writeProblem}). */
    private volatile Throwable lastWriteFailure;
    /** The writer each thread wrote to since its last commit (writes and their commit run on one thread). */
    private final ThreadLocal<Writing> writtenWith = new ThreadLocal<>();
    /** Snapshots (backups) holding a commit of the current writer's deletion policy. */
    private int openSnapshots;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LuceneSearchIndex.class.getName());

    /** The heap decoded chunks may take by default (see {@link DecodedChunks}). */
    public static final long DEFAULT_DECODED_CHUNKS_BYTES = 64L << 20;

    public LuceneSearchIndex(Path path) {
        this(path, DEFAULT_DECODED_CHUNKS_BYTES);
    }

    /** @param decodedChunksBytes the heap search may use to keep chunks it decoded from the index; 0: none kept */
    public LuceneSearchIndex(Path path, long decodedChunksBytes) {
        this(path, decodedChunksBytes, VectorQuantization.NONE);
    }

    /**
     * @param decodedChunksBytes the heap search may use to keep chunks it decoded from the index; 0: none kept
     * @param quantization       how segments written from now on store the vectors; segments of any format open
     */
    public LuceneSearchIndex(Path path, long decodedChunksBytes, VectorQuantization quantization) {
        this(path, null, decodedChunksBytes, quantization);
    }

    /** @param directory the index's files (for tests); null: {@code path} as a file-system directory */
    LuceneSearchIndex(Path path, Directory directory, long decodedChunksBytes, VectorQuantization quantization) {
        this.decoded = new DecodedChunks(decodedChunksBytes);
        this.quantization = quantization;
        try {
            this.path = path;
            this.directory = directory != null ? directory : FSDirectory.open(path);
            this.w = open();
            this.queries = new LuceneQueries(new IdentifierAnalyzer(false, true));
            this.model = readModel(w.writer().getLiveCommitData());
            SearcherManager searchers = w.searchers();
            IndexSearcher s = searchers.acquire();
            try {
                IndexReader reader = s.getIndexReader();
                this.bytes = hasField(reader, VECTOR_BYTES)
                        || !hasField(reader, VECTOR) && quantization == VectorQuantization.INT8_ONLY;
                IndexOptions words = indexOptions(reader, WORDS);
                this.wordsWithPositions = words != null && words != WORDS_TYPE.indexOptions();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + path, e);
        }
    }

    /**
     * Whether opening an index failed because its files are damaged: one missing ({@code NoSuchFileException}), cut
     * short, or failing its checksum ({@code CorruptIndexException}). Not for an index another process holds, one
     * without permission, or one of a newer format: those are no damage.
     */
    public static boolean damaged(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.lucene.store.LockObtainFailedException || t instanceof java.nio.file.AccessDeniedException
                    || t instanceof org.apache.lucene.index.IndexFormatTooNewException) {
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.lucene.index.CorruptIndexException || t instanceof java.nio.file.NoSuchFileException
                    || t instanceof java.io.FileNotFoundException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** An index writer with the searchers over it, its deletion policy, merge policy and merge scheduler. */
    private record Writing(IndexWriter writer, SearcherManager searchers, SnapshotDeletionPolicy commits,
                           PackedForcedMerges mergePolicy, MergeScheduler mergeScheduler) {
    }

    private Writing open() throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(
                new IdentifierAnalyzer(true, true), Map.of(WORDS, new IdentifierAnalyzer(true, false))));
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setRAMBufferSizeMB(64);
        config.setCodec(codec(quantization));
        // Lucene's merge policy, which mergeSegments has pack segments into groups where one would not fit
        PackedForcedMerges mergePolicy = new PackedForcedMerges(config.getMergePolicy(), this::mergeGraphEntries);
        config.setMergePolicy(mergePolicy);
        // only the last commit is kept, and any commit a backup holds (snapshot())
        SnapshotDeletionPolicy commits = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
        config.setIndexDeletionPolicy(commits);
        IndexWriter writer = new IndexWriter(directory, config);
        try {
            return new Writing(writer, new SearcherManager(writer, null), commits, mergePolicy, config.getMergeScheduler());
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(writer);
            throw e;
        }
    }

    /**
     * The writer to write with. Lucene closes its writer for good after a failure it cannot undo (a write that failed
     * for a full disk, mid-flush): the index then keeps its last commit, and this opens a writer on it again, so that
     * the next write works once the disk has room, without a restart. What the closed writer held uncommitted is
     * lost, as in a crash; the database still lists those pages as not indexed, and they are indexed again.
     */
    private Writing writing() {
        Writing current = w;
        if (current.writer().isOpen() || current.writer().getTragicException() == null || closed.get()) {
            return current;
        }
        synchronized (this) {
            if (w != current || closed.get()) {
                return w;
            }
            if (openSnapshots > 0) {
                // the held commit is protected by the closed writer's deletion policy only: a new writer could delete
                // its files while a backup sends them
                throw new UncheckedIOException(new IOException("The search index cannot be written (" + current.writer().getTragicException()
                        + "); it is opened again once the backup under way has been sent"));
            }
            try {
                Writing reopened = open();
                lastWriteFailure = current.writer().getTragicException(); // until a commit of changes works
                w = reopened;
                readState(reopened);
                IOUtils.closeWhileHandlingException(current.searchers());
                version.incrementAndGet();
                LOG.warning("The search index's writer was closed by an error it could not undo ("
                        + current.writer().getTragicException() + "); opened again on its last commit");
                return reopened;
            } catch (IOException e) {
                throw new UncheckedIOException("The search index could not be opened again after " + current.writer().getTragicException(), e);
            }
        }
    }

    /**
     * The writer for a write of this thread: a writer closed meanwhile is opened again ({@link #writing()}), but when
     * this thread wrote to the closed one since its last commit, those writes are lost, and this says so (it throws)
     * instead of letting the commit that follows succeed without them.
     */
    private Writing forWrite() {
        Writing before = writtenWith.get();
        Writing x = writing();
        if (before != null && before != x) {
            writtenWith.remove();
            throw lost(before);
        }
        writtenWith.set(x);
        return x;
    }

    private UncheckedIOException lost(Writing closedOne) {
        Throwable why = closedOne.writer().getTragicException();
        lastWriteFailure = why != null ? why : new IOException("the search index's writer was closed");
        return new UncheckedIOException(new IOException("The search index could not keep the writes since its last commit ("
                + why + "); they are written again", why));
    }

    /** What the index holds, as its commit data and fields say: read at open and after a writer is opened again. */
    private void readState(Writing x) throws IOException {
        this.model = readModel(x.writer().getLiveCommitData());
        SearcherManager searchers = x.searchers();
        IndexSearcher s = searchers.acquire();
        try {
            IndexReader reader = s.getIndexReader();
            this.bytes = hasField(reader, VECTOR_BYTES) || !hasField(reader, VECTOR) && quantization == VectorQuantization.INT8_ONLY;
            IndexOptions words = indexOptions(reader, WORDS);
            this.wordsWithPositions = words != null && words != WORDS_TYPE.indexOptions();
        } finally {
            searchers.release(s);
        }
    }

    /**
     * Why the last commit failed, until one succeeds: a writer opened again on a full disk opens fine, and the next
     * write fails again, so only a commit that worked says the index takes writes again.
     */
    @Override
    public Optional<String> writeProblem() {
        Throwable failed = lastWriteFailure;
        IndexWriter writer = w.writer();
        if (failed == null && !writer.isOpen()) {
            failed = writer.getTragicException();
        }
        if (closed.get() || failed == null) {
            return Optional.empty();
        }
        Throwable cause = failed;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return Optional.of("The search index cannot be written (" + cause + "); free disk space in the data directory: the "
                + "index takes writes again by itself, and indexing jobs that failed meanwhile can be retried");
    }

    /** For tests: whether the writer is open now (Lucene closes it after a write it could not undo). */
    boolean writerOpen() {
        return w.writer().isOpen();
    }

    @Override
    public Optional<IndexModel> model() {
        return Optional.ofNullable(model);
    }

    @Override
    public synchronized void useModel(IndexModel wanted) {
        if (model != null) {
            if (!model.equals(wanted)) {
                throw new IndexModelMismatchException(model, wanted);
            }
            return;
        }
        model = wanted;
        forWrite().writer().setLiveCommitData(Map.of(MODEL_NAME, wanted.name(), MODEL_DIMENSION, Integer.toString(wanted.dimension())).entrySet());
        commit();
    }

    @Override
    public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
        replaceDocuments(Map.of(documentId, chunks));
    }

    /** Searchers see the documents replaced together: one reopen (one new segment) for the whole batch. */
    @Override
    public void replaceDocuments(Map<UUID, List<IndexedChunk>> documents) {
        documents.values().forEach(chunks -> chunks.forEach(this::checkDimension)); // all or nothing
        Function<IndexedChunk, Document> toDocument = documentsOfThisBatch();
        Writing x = forWrite();
        IndexWriter writer = x.writer();
        try {
            for (Map.Entry<UUID, List<IndexedChunk>> e : documents.entrySet()) {
                List<Document> docs = new ArrayList<>(e.getValue().size());
                for (IndexedChunk c : e.getValue()) {
                    docs.add(toDocument.apply(c));
                }
                Term page = new Term(DOC, e.getKey().toString());
                if (docs.isEmpty()) {
                    // the same, but after an update with no documents Lucene 10.6 counts 32 KiB more of its indexing
                    // buffer as used, for good (the count that decides when it flushes)
                    writer.deleteDocuments(page);
                } else {
                    writer.updateDocuments(page, docs);
                }
            }
            changed(x);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void upsert(List<IndexedChunk> chunks) {
        chunks.forEach(this::checkDimension);
        Function<IndexedChunk, Document> toDocument = documentsOfThisBatch();
        Writing x = forWrite();
        try {
            for (IndexedChunk c : chunks) {
                x.writer().updateDocument(new Term(ID, c.id()), toDocument.apply(c));
            }
            changed(x);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteChunks(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return;
        }
        Writing x = forWrite();
        try {
            x.writer().deleteDocuments(chunkIds.stream().map(id -> new Term(ID, id)).toArray(Term[]::new));
            changed(x);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteDocuments(Collection<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return;
        }
        Writing x = forWrite();
        try {
            x.writer().deleteDocuments(documentIds.stream().map(id -> new Term(DOC, id.toString())).toArray(Term[]::new));
            changed(x);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteSource(UUID sourceId) {
        Writing x = forWrite();
        try {
            x.writer().deleteDocuments(new Term(SOURCE, sourceId.toString()));
            changed(x);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void clear() {
        Writing x = forWrite();
        try {
            x.writer().deleteAll();
            model = null;
            bytes = quantization == VectorQuantization.INT8_ONLY;
            wordsWithPositions = false;
            x.writer().setLiveCommitData(Map.<String, String>of().entrySet());
            changed(x);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Also shows searches the segment a {@link #mergeSegments} made, with the writer's lock held (not mid-batch). */
    @Override
    public void commit() {
        Writing mine = writtenWith.get();
        writtenWith.remove();
        Writing x = w;
        if ((mine != null && mine != x) || (!x.writer().isOpen() && x.writer().getTragicException() != null && !closed.get())) {
            // this thread's writes went to a writer closed since (or the writer is closed now): they are not there,
            // and a commit of another writer must not say they are
            throw lost(mine != null ? mine : x);
        }
        try {
            boolean changes = x.writer().hasUncommittedChanges();
            x.writer().commit();
            if (changes) {
                lastWriteFailure = null; // a commit that wrote something: the index takes writes again
            }
            if (merged) {
                merged = false;
                x.searchers().maybeRefreshBlocking();
            }
        } catch (IOException | RuntimeException e) {
            lastWriteFailure = e;
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public synchronized Optional<IndexSnapshot> snapshot() {
        Writing x = writing();
        if (!x.writer().isOpen()) {
            throw new UncheckedIOException(new IOException("The search index cannot be written now (" + x.writer().getTragicException() + ")"));
        }
        SnapshotDeletionPolicy commits = x.commits();
        try {
            x.writer().commit();
            IndexCommit commit = commits.snapshot();
            try {
                long chunks;
                try (DirectoryReader reader = DirectoryReader.open(commit)) {
                    chunks = reader.numDocs();
                }
                openSnapshots++;
                return Optional.of(new CommitSnapshot(x, commit, List.copyOf(commit.getFileNames()), chunks,
                        Optional.ofNullable(readModel(commit.getUserData().entrySet()))));
            } catch (IOException | RuntimeException e) {
                commits.release(commit);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a snapshot of the search index", e);
        }
    }

    /** A held commit; closing it lets the writer delete its files when a later commit no longer needs them. */
    private final class CommitSnapshot implements IndexSnapshot {
        /** The writer whose deletion policy holds the commit. */
        private final Writing from;
        private final IndexCommit commit;
        private final List<String> files;
        private final long chunks;
        private final Optional<IndexModel> model;
        private boolean closed;

        CommitSnapshot(Writing from, IndexCommit commit, List<String> files, long chunks, Optional<IndexModel> model) {
            this.from = from;
            this.commit = commit;
            this.files = files;
            this.chunks = chunks;
            this.model = model;
        }

        @Override
        public List<String> files() {
            return files;
        }

        @Override
        public InputStream open(String file) throws IOException {
            if (!files.contains(file)) {
                throw new IllegalArgumentException(file + " is not a file of this snapshot");
            }
            return Files.newInputStream(path.resolve(file));
        }

        @Override
        public long chunks() {
            return chunks;
        }

        @Override
        public Optional<IndexModel> model() {
            return model;
        }

        @Override
        public void close() {
            synchronized (LuceneSearchIndex.this) {
                if (closed) {
                    return;
                }
                closed = true;
                openSnapshots--;
                try {
                    from.commits().release(commit);
                    if (from.writer().isOpen()) {
                        from.writer().deleteUnusedFiles();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
        Query q = queries.keyword(query, filter);
        return reopenSafe(() -> search(w.searchers(), decoded, reader -> q, limit, null, null));
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit, float[] vector) {
        Query q = queries.keyword(query, filter);
        return reopenSafe(() -> search(w.searchers(), decoded, reader -> q, limit, null, vector));
    }

    @Override
    public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
        return reopenSafe(() -> search(w.searchers(), decoded, semanticQuery(queries, model, vector, constraints, filter, limit),
                limit, vector, null));
    }

    /** The vector query on whichever vectors the searched index holds ({@code model}: the index's, for the 8-bit scale). */
    static Function<IndexReader, Query> semanticQuery(LuceneQueries queries, IndexModel model, float[] vector,
                                                     SearchQuery constraints, SearchFilter filter, int limit) {
        return reader -> queries.semantic(vector, constraints, filter, limit,
                hasField(reader, VECTOR_BYTES) ? byteScale(model, vector.length) : 0);
    }

    /** The scale of this index's 8-bit vectors ({@link ByteVectors}): by its model, recorded before anything is written. */
    static float byteScale(IndexModel model, int dimension) {
        return ByteVectors.scale(model == null ? null : model.name(), dimension);
    }

    /** A search that met the searchers of a writer just opened again ({@link #writing()}) runs once more on the new ones. */
    private List<ChunkHit> reopenSafe(java.util.function.Supplier<List<ChunkHit>> search) {
        try {
            return search.get();
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            if (closed.get()) {
                throw e;
            }
            return search.get();
        }
    }

    /** How segments written from now on store the vectors. */
    public VectorQuantization quantization() {
        return quantization;
    }

    /** Whether this index holds (or, empty, will hold) 8-bit vectors only ({@link VectorQuantization#INT8_ONLY}). */
    public boolean holdsByteVectors() {
        return bytes;
    }

    /**
     * Whether the words prefix queries match are kept with positions ({@link #WORDS_TYPE}): an index written by an
     * earlier release, until it is emptied.
     */
    public boolean keepsPrefixWordPositions() {
        return wordsWithPositions;
    }

    @Override
    public long chunkCount() {
        return chunkCount(w.searchers());
    }

    /** Chunks visible to the searchers of {@code m}: shared with the read-only view of another process's index. */
    static long chunkCount(SearcherManager m) {
        try {
            IndexSearcher s = m.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                m.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From the terms of the id field (no stored field is read): fast enough to run on every {@code GET /api/v1/index}. */
    @Override
    public Optional<Map<UUID, Set<String>>> chunkIdsByDocument() {
        return chunkIds((te, live, out) -> {
            for (BytesRef term = te.next(); term != null; term = te.next()) {
                if (live.held(te)) {
                    String id = term.utf8ToString();
                    // chunk ids start with their document's id (ChunkIds)
                    out.computeIfAbsent(UUID.fromString(id.substring(0, 36)), k -> new HashSet<>()).add(id);
                }
            }
        });
    }

    /** Seeks each document's chunk ids, which start with its id (ChunkIds), instead of listing every entry. */
    @Override
    public Optional<Map<UUID, Set<String>>> chunkIdsOf(Collection<UUID> documents) {
        // in the terms' order, so each seek moves forward
        List<UUID> sorted = documents.stream().distinct().sorted(Comparator.comparing(UUID::toString)).toList();
        return chunkIds((te, live, out) -> {
            for (UUID document : sorted) {
                BytesRef prefix = new BytesRef(document.toString());
                if (te.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
                    continue;
                }
                for (BytesRef term = te.term(); term != null && StringHelper.startsWith(term, prefix); term = te.next()) {
                    if (live.held(te)) {
                        out.computeIfAbsent(document, k -> new HashSet<>()).add(term.utf8ToString());
                    }
                }
            }
        });
    }

    /** Reads chunk ids from one segment's id terms into {@code out}. */
    @FunctionalInterface
    private interface SegmentIds {
        void read(TermsEnum ids, LiveTerms live, Map<UUID, Set<String>> out) throws IOException;
    }

    /** Whether a term of a segment is held by a document not deleted (the postings reused from term to term). */
    private static final class LiveTerms {
        private final Bits live;
        private PostingsEnum postings;

        LiveTerms(Bits live) {
            this.live = live;
        }

        boolean held(TermsEnum te) throws IOException {
            postings = te.postings(postings, PostingsEnum.NONE);
            for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                if (live == null || live.get(d)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The chunk ids searches see now, by document, as {@code perSegment} reads them. */
    private Optional<Map<UUID, Set<String>>> chunkIds(SegmentIds perSegment) {
        SearcherManager searchers = w.searchers();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                Map<UUID, Set<String>> out = new HashMap<>();
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    Terms terms = leaf.reader().terms(ID);
                    if (terms != null) {
                        perSegment.read(terms.iterator(), new LiveTerms(leaf.reader().getLiveDocs()), out);
                    }
                }
                return Optional.of(out);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OptionalInt segments() {
        return OptionalInt.of(segmentCount(w.searchers()));
    }

    /** Segments searched by the searchers of {@code m}: shared with the read-only view of another process's index. */
    static int segmentCount(SearcherManager m) {
        try {
            IndexSearcher s = m.acquire();
            try {
                return s.getIndexReader().leaves().size();
            } finally {
                m.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each segment is searched on its own: its words looked up, its scorers built, its vector graph walked. An index
     * written a batch at a time keeps several (Lucene's merge policy lets up to ten of a size stand), and one segment
     * in their place served 1.27 times the searches a second over HTTP at 17k chunks, 1.10 times at 103k
     * (docs/benchmarks.md).
     * The share keeps a large index from being written again whole after every small change: a refresh of a few pages
     * adds a small segment, which waits until what lies outside the largest one reaches the share.
     *
     * <p>Lucene builds a merged segment's vector graph on the heap (about {@value #MERGE_GRAPH_BYTES_PER_ENTRY} bytes
     * an entry), and a merge that failed for want of memory would stop the index taking writes until the app restarts.
     * So where the live entries' graph would take more than a third of the heap (with the default 600 MiB heap, above
     * about 600,000 entries), the segments are packed into groups whose graphs each fit in that third, and each group
     * is merged into one segment, one merge at a time ({@link PackedForcedMerges}; the share applies to each group):
     * a million chunks in 11 segments become 2.
     */
    @Override
    public boolean mergeSegments(double minShare) {
        Writing current = writing();
        SearcherManager searchers = current.searchers();
        PackedForcedMerges mergePolicy = current.mergePolicy();
        try {
            IndexSearcher s = searchers.acquire();
            List<long[]> sizes = new ArrayList<>(); // maxDoc, live entries
            try {
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    sizes.add(new long[] {leaf.reader().maxDoc(), leaf.reader().numDocs()});
                }
            } finally {
                searchers.release(s);
            }
            long fits = mergeGraphEntries();
            boolean packed = sizes.stream().mapToLong(x -> x[1]).sum() > fits;
            // one group of every segment where their graph fits: the share rule on the whole index
            if (PackedForcedMerges.groups(sizes, x -> x[0], x -> x[1], packed ? fits : Long.MAX_VALUE, minShare).isEmpty()) {
                return false;
            }
            int before = packed ? mergePolicy.pack(fits, minShare) : 0;
            forcing = true;
            mergePolicy.forcing(packed);
            try {
                if (packed && current.mergeScheduler() instanceof ConcurrentMergeScheduler running) {
                    // Lucene's own merges of other segments (the tail of the indexing before the quiet spell) end
                    // first: the first group's graph is not built beside theirs (later ones start within the bound)
                    running.sync();
                }
                current.writer().forceMerge(packed ? PackedForcedMerges.PACKED : 1);
            } finally {
                mergePolicy.forcing(false);
                forcing = false;
            }
            if (packed && mergePolicy.started() == before) {
                return false; // the segments as the writer counts them left no group worth merging
            }
            merged = true;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live entries whose merged vector graph takes at most a third of the heap (or as set for a test). */
    long mergeGraphEntries() {
        long set = mergeGraphEntries;
        return set > 0 ? set : Math.max(1, Runtime.getRuntime().maxMemory() / 3 / MERGE_GRAPH_BYTES_PER_ENTRY);
    }

    /** For tests: merged segments hold at most this many live entries (0: a third of the heap's worth). */
    void mergeGraphEntries(long entries) {
        this.mergeGraphEntries = entries;
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean done = false;
        Writing x;
        synchronized (this) {
            x = w; // no writer is opened again after this (writing() looks at closed under the same lock)
        }
        IndexWriter writer = x.writer();
        try {
            x.searchers().close();
            if (!writer.isOpen()) {
                // closed by a write it could not undo (a full disk): the last commit is the index
                directory.close();
                done = true;
                return;
            }
            if (forcing) {
                // everything committed, then closed without waiting for the merge of mergeSegments (a minute on a
                // large index): it is given up, and done again when next asked for
                writer.commit();
                writer.rollback();
            } else {
                writer.commit();
                writer.close();
            }
            directory.close();
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!done) {
                // a commit that failed (a full disk) still lets go of the writer's lock and files: what the last
                // commit holds is the index (a second close does nothing)
                IOUtils.closeWhileHandlingException(writer::rollback, directory);
            }
        }
    }

    /** For tests: the bytes Lucene counts as used in its indexing buffer (0 after a commit). */
    long indexingBufferBytes() {
        return w.writer().ramBytesUsed();
    }

    /**
     * The best {@code limit} chunks for {@code query} (made for the searched reader); {@code vector}: the query is
     * the vector query for it (null for a keyword query). When a segment holds quantized vectors, the vector query's
     * candidates are scored again with the full-precision vectors, so the scores are exact cosines whatever the
     * storage; with 8-bit vectors only, with the cosine of the query to them ({@link ByteVectors#cosine}).
     * {@code similarTo}: for a keyword query, a query vector whose cosine with each hit's vector is added to the hit
     * (null: none).
     */
    static List<ChunkHit> search(SearcherManager searchers, DecodedChunks decoded, Function<IndexReader, Query> query,
                                 int limit, float[] vector, float[] similarTo) {
        boolean cosine = vector != null;
        try {
            IndexSearcher s = searchers.acquire();
            try {
                TopDocs top = s.search(query.apply(s.getIndexReader()), Math.max(1, limit));
                if (cosine && (hasField(s.getIndexReader(), VECTOR_BYTES)
                        || VectorQuantization.anyQuantized(s.getIndexReader(), VECTOR))) {
                    rescore(s.getIndexReader(), top.scoreDocs, vector);
                }
                float[] cosines = similarTo == null ? null : cosines(s.getIndexReader(), top.scoreDocs, similarTo);
                DecodedChunks.Reader chunks = decoded.reader(s.getIndexReader());
                List<ChunkHit> hits = new ArrayList<>(top.scoreDocs.length);
                for (int i = 0; i < top.scoreDocs.length; i++) {
                    ScoreDoc sd = top.scoreDocs[i];
                    // Lucene's DOT_PRODUCT score is (1 + cos) / 2; the port speaks cosine
                    float raw = cosine ? 2 * sd.score - 1 : sd.score;
                    DecodedChunks.Decoded d = chunks.decoded(sd.doc);
                    hits.add(new ChunkHit(d.chunk(), raw, cosines == null ? Float.NaN : cosines[i], d.folded()));
                }
                return hits;
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scores {@code hits} of a vector query again with the full-precision vectors of their segments (whatever
     * format those store for the graph), or the 8-bit ones where the index holds no others, and sorts them by that
     * score, best first.
     */
    static void rescore(IndexReader reader, ScoreDoc[] hits, float[] vector) throws IOException {
        float[] cosines = cosines(reader, hits, vector);
        for (int i = 0; i < hits.length; i++) {
            if (!Float.isNaN(cosines[i])) {
                // the field's similarity, as the float graph search scores it: (1 + cos) / 2 for DOT_PRODUCT
                hits[i].score = (1 + cosines[i]) / 2;
            }
        }
        Arrays.sort(hits, Comparator.comparingDouble((ScoreDoc h) -> h.score).reversed().thenComparingInt(h -> h.doc));
    }

    /**
     * The cosine similarity of each hit's vector to {@code vector}, in the order of {@code hits}; NaN for a hit
     * without a vector. Full-precision vectors are unit length, so this is their dot product; 8-bit ones give
     * {@link ByteVectors#cosine}. Reads each segment's vectors in document order.
     */
    static float[] cosines(IndexReader reader, ScoreDoc[] hits, float[] vector) throws IOException {
        float[] out = new float[hits.length];
        Arrays.fill(out, Float.NaN);
        Integer[] order = new Integer[hits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> hits[i].doc));
        List<LeafReaderContext> leaves = reader.leaves();
        int leafIndex = -1;
        LeafVectors vectors = null;
        float[] widened = new float[vector.length];
        for (int i : order) {
            int leaf = ReaderUtil.subIndex(hits[i].doc, leaves);
            LeafReaderContext context = leaves.get(leaf);
            if (leaf != leafIndex) {
                leafIndex = leaf;
                vectors = LeafVectors.of(context.reader());
            }
            if (vectors != null && vectors.moveTo(hits[i].doc - context.docBase)) {
                out[i] = vectors.cosine(vector, widened);
            }
        }
        return out;
    }

    /**
     * A segment's vectors, floats or 8-bit ones (a segment holds one kind), read through one iterator in document
     * order: the vector at the iterator's document as a cosine to a query or as a unit vector.
     */
    private record LeafVectors(FloatVectorValues floats, ByteVectorValues bytes, KnnVectorValues.DocIndexIterator iterator) {

        /** Null when the segment holds no vectors. */
        static LeafVectors of(LeafReader reader) throws IOException {
            FloatVectorValues floats = reader.getFloatVectorValues(VECTOR);
            if (floats != null) {
                return new LeafVectors(floats, null, floats.iterator());
            }
            ByteVectorValues bytes = reader.getByteVectorValues(VECTOR_BYTES);
            return bytes == null ? null : new LeafVectors(null, bytes, bytes.iterator());
        }

        /** Moves the iterator forward to {@code doc}; false when that document has no vector. */
        boolean moveTo(int doc) throws IOException {
            return iterator.docID() == doc || iterator.docID() < doc && iterator.advance(doc) == doc;
        }

        /** Unit {@code query}'s cosine ({@code widened}: a buffer as long as the vector, for 8-bit ones). */
        float cosine(float[] query, float[] widened) throws IOException {
            return floats != null ? VectorUtil.dotProduct(query, floats.vectorValue(iterator.index()))
                    : ByteVectors.cosine(query, bytes.vectorValue(iterator.index()), widened);
        }

        /** A copy of the vector, or the unit vector an 8-bit one points to. */
        float[] vector() throws IOException {
            return floats != null ? floats.vectorValue(iterator.index()).clone()
                    : ByteVectors.dequantize(bytes.vectorValue(iterator.index()));
        }
    }

    /** How a field is indexed in the reader's segments (the first that has it), or null where none has it. */
    static IndexOptions indexOptions(IndexReader reader, String field) {
        FieldInfo info = fieldInfo(reader, field);
        return info == null ? null : info.getIndexOptions();
    }

    /** The field as the first of the reader's segments that has it describes it, or null where none has it. */
    private static FieldInfo fieldInfo(IndexReader reader, String field) {
        for (LeafReaderContext leaf : reader.leaves()) {
            FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(field);
            if (info != null) {
                return info;
            }
        }
        return null;
    }

    private static FieldType wordsType() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setIndexOptions(IndexOptions.DOCS);
        t.setOmitNorms(true);
        t.freeze();
        return t;
    }

    /**
     * The codec the index writes with. Its name stays Lucene104's: readers find each field's vector format by the
     * name in its segment, and the stored fields are the stock format's files in smaller blocks
     * ({@link SmallBlockStoredFields}), so Lucene's own codec reads everything written.
     */
    static Codec codec(VectorQuantization quantization) {
        KnnVectorsFormat vectors = quantization == VectorQuantization.NONE ? null : quantization.format();
        StoredFieldsFormat storedFields = new SmallBlockStoredFields();
        Lucene104Codec codec = new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors != null && VECTOR.equals(field) ? vectors : super.getKnnVectorsFormatForField(field);
            }
        };
        return new FilterCodec(codec.getName(), codec) {
            @Override
            public StoredFieldsFormat storedFieldsFormat() {
                return storedFields;
            }
        };
    }

    /** Whether some segment of {@code reader} has {@code field} (an index holds {@link #VECTOR} or {@link #VECTOR_BYTES}). */
    static boolean hasField(IndexReader reader, String field) {
        return fieldInfo(reader, field) != null;
    }

    private void checkDimension(IndexedChunk c) {
        if (model != null && c.vector().length != model.dimension()) {
            throw new IllegalArgumentException("chunk " + c.id() + " has a vector of " + c.vector().length
                    + " dimensions; this index holds " + model.dimension());
        }
    }

    private void changed(Writing x) throws IOException {
        x.searchers().maybeRefreshBlocking();
        version.incrementAndGet();
    }

    /**
     * Lucene documents of a batch's chunks, all with one kind of vector, the one the index holds now (writes and
     * {@link #clear()} are serialised by the caller).
     */
    private Function<IndexedChunk, Document> documentsOfThisBatch() {
        IndexModel m = model;
        FieldType words = wordsWithPositions ? TextField.TYPE_NOT_STORED : WORDS_TYPE;
        return bytes ? c -> toDocument(c, byteScale(m, c.vector().length), words) : c -> toDocument(c, 0, words);
    }

    /**
     * {@code byteScale} above 0: the vector as an 8-bit one with that scale; otherwise floats. {@code words}: how
     * {@link #WORDS} is indexed.
     */
    private static Document toDocument(IndexedChunk c, float byteScale, FieldType words) {
        Document d = new Document();
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new StringField(DOC, c.documentId().toString(), Field.Store.YES));
        d.add(new StringField(SOURCE, c.sourceId().toString(), Field.Store.YES));
        d.add(new StoredField(INDEX, c.chunkIndex()));
        d.add(new TextField(TITLE, c.title(), Field.Store.YES));
        d.add(new TextField(HEADINGS, String.join(HEADING_SEPARATOR, c.headingPath()), Field.Store.YES));
        d.add(new TextField(BODY, c.content(), Field.Store.YES));
        d.add(new Field(WORDS, c.title() + "\n" + String.join("\n", c.headingPath()) + "\n" + c.content(), words));
        d.add(new StoredField(URL, c.url()));
        if (c.anchor() != null) {
            d.add(new StoredField(ANCHOR, c.anchor()));
        }
        if (!c.sections().isEmpty()) {
            // the headings of the sections a chunk joins head part of it: searched as headings too, not stored
            // (the stored value stays the chunk's heading path)
            d.add(new TextField(HEADINGS, String.join(HEADING_SEPARATOR, c.sections().stream().map(ChunkSection::heading).toList()),
                    Field.Store.NO));
            StringBuilder links = new StringBuilder();
            for (ChunkSection l : c.sections()) {
                if (!links.isEmpty()) {
                    links.append(RECORD);
                }
                links.append(l.heading()).append(UNIT).append(l.anchor() == null ? "" : l.anchor());
            }
            d.add(new StoredField(SECTIONS, links.toString()));
        }
        d.add(new StringField(CONTENT_TYPE, c.contentType(), Field.Store.YES));
        long updated = c.updatedAt().toEpochMilli();
        d.add(new LongPoint(UPDATED, updated));
        d.add(new StoredField(UPDATED, updated));
        if (byteScale > 0) {
            d.add(new KnnByteVectorField(VECTOR_BYTES, ByteVectors.quantize(c.vector(), byteScale), VectorSimilarityFunction.DOT_PRODUCT));
        } else {
            d.add(new KnnFloatVectorField(VECTOR, c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return d;
    }

    static IndexedChunk fromDocument(Document d) {
        String headings = d.get(HEADINGS);
        List<String> path = headings == null || headings.isEmpty() ? List.of() : Arrays.asList(headings.split(HEADING_SEPARATOR));
        return new IndexedChunk(d.get(ID), UUID.fromString(d.get(DOC)), UUID.fromString(d.get(SOURCE)),
                d.getField(INDEX).numericValue().intValue(), d.get(TITLE), path, d.get(BODY), d.get(URL), d.get(ANCHOR),
                d.get(CONTENT_TYPE), Instant.ofEpochMilli(d.getField(UPDATED).numericValue().longValue()), null,
                sections(d.get(SECTIONS)));
    }

    private static List<ChunkSection> sections(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        List<ChunkSection> out = new ArrayList<>();
        for (String entry : stored.split(String.valueOf(RECORD))) {
            int sep = entry.indexOf(UNIT);
            if (sep > 0) {
                String anchor = entry.substring(sep + 1);
                out.add(new ChunkSection(entry.substring(0, sep), anchor.isEmpty() ? null : anchor));
            }
        }
        return out;
    }

    static IndexModel readModel(Iterable<Map.Entry<String, String>> commitData) {
        Map<String, String> data = new HashMap<>();
        if (commitData != null) {
            commitData.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        String name = data.get(MODEL_NAME);
        return name == null ? null : new IndexModel(name, Integer.parseInt(data.get(MODEL_DIMENSION)));
    }

    /**
     * Every live chunk with its vector, in index order: for copying an index elsewhere (another backend, a
     * benchmark corpus) without embedding again. From 8-bit vectors, the unit vectors they point to.
     */
    public void forEachChunk(Consumer<IndexedChunk> consumer) {
        SearcherManager searchers = w.searchers();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                for (var leaf : s.getIndexReader().leaves()) {
                    var reader = leaf.reader();
                    LeafVectors vectors = LeafVectors.of(reader);
                    if (vectors == null) {
                        continue;
                    }
                    var live = reader.getLiveDocs();
                    StoredFields stored = reader.storedFields();
                    var it = vectors.iterator();
                    for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        IndexedChunk c = fromDocument(stored.document(doc));
                        consumer.accept(new IndexedChunk(c.id(), c.documentId(), c.sourceId(), c.chunkIndex(), c.title(),
                                c.headingPath(), c.content(), c.url(), c.anchor(), c.contentType(), c.updatedAt(),
                                vectors.vector(), c.sections()));
                    }
                }
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
