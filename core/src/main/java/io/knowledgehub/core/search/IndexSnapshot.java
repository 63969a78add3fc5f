package io.knowledgehub.core.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The search index as of one commit, kept on disk unchanged while this is open: writes go on, but the files of
 * this commit are not deleted or rewritten until {@link #close()}. What a backup copies; opening a folder that holds
 * exactly {@link #files()} gives an index with this commit's content.
 */
public interface IndexSnapshot extends AutoCloseable {

    /** The commit's files, by name relative to the index's folder (no lock file). */
    List<String> files();

    /**
     * Reads one of {@link #files()} from the start.
     *
     * @throws IllegalArgumentException when {@code file} is not one of them
     */
    InputStream open(String file) throws IOException;

    /** Chunks (entries) the commit holds. */
    long chunks();

    /** The model of the commit's vectors; empty for an index that never held any. */
    Optional<IndexModel> model();

    /** Lets the index delete the commit's files once no longer needed. Idempotent. */
    @Override
    void close();
}
