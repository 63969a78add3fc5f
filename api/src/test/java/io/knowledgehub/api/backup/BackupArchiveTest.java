package io.knowledgehub.api.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backup file's checks: a backup cut short, changed afterwards, or holding paths outside its folders is refused. */
class BackupArchiveTest {

    @TempDir
    Path dir;

    private static final BackupManifest MANIFEST = new BackupManifest(BackupArchive.FORMAT, BackupArchive.FORMAT_VERSION,
            "2026-12-03T10:00:00Z", "test", "3", new BackupManifest.Database(1, 2, 2, 0, 3, 0),
            new BackupManifest.Index(3, "all-MiniLM-L6-v2", 384), 5, List.of());

    private Path write(String name) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip)) {
            BackupArchive.Writer w = new BackupArchive.Writer(out);
            w.add("db/knowledgehub.mv.db", bytes("database bytes"));
            w.add("index/segments_1", bytes("index commit"));
            w.add("index/_0.cfs", bytes("a segment"));
            w.finish(MANIFEST);
        }
        return zip;
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_written_backup_verifies_and_unpacks_in_the_data_directory_layout() throws IOException {
        Path zip = write("ok.zip");
        BackupManifest m = BackupArchive.verify(zip);
        assertThat(m.database()).isEqualTo(MANIFEST.database());
        assertThat(m.files()).extracting(BackupManifest.FileEntry::path)
                .containsExactly("db/knowledgehub.mv.db", "index/segments_1", "index/_0.cfs");
        assertThat(m.files().get(0).size()).isEqualTo(14);

        BackupArchive.extract(zip, dir.resolve("out"));
        assertThat(Files.readString(dir.resolve("out/db/knowledgehub.mv.db"))).isEqualTo("database bytes");
        assertThat(Files.readString(dir.resolve("out/index/_0.cfs"))).isEqualTo("a segment");
    }

    @Test
    void a_backup_cut_short_is_refused() throws IOException {
        byte[] whole = Files.readAllBytes(write("whole.zip"));
        Path cut = dir.resolve("cut.zip");
        // the end of the stream lost: the manifest (the last entry) is missing or broken
        Files.write(cut, Arrays.copyOf(whole, whole.length - 300));
        assertThatThrownBy(() -> BackupArchive.verify(cut)).isInstanceOf(BackupArchive.InvalidBackupException.class)
                .hasMessageMatching(".*(cut short|no manifest\\.json).*");
    }

    @Test
    void an_entry_that_differs_from_its_manifest_is_refused() throws IOException {
        Path zip = dir.resolve("changed.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("db/knowledgehub.mv.db"));
            out.write("other bytes".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(BackupArchive.MANIFEST));
            out.write(BackupArchive.JSON.writeValueAsBytes(MANIFEST.withFiles(BackupArchive.verify(write("ok.zip")).files())));
            out.closeEntry();
        }
        assertThatThrownBy(() -> BackupArchive.verify(zip)).isInstanceOf(BackupArchive.InvalidBackupException.class)
                .hasMessageContaining("does not match its manifest");
    }

    @Test
    void entries_outside_the_database_and_index_folders_are_refused() throws IOException {
        Path zip = dir.resolve("escape.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("db/../../outside"));
            out.write(1);
            out.closeEntry();
        }
        assertThatThrownBy(() -> BackupArchive.extract(zip, dir.resolve("out")))
                .isInstanceOf(BackupArchive.InvalidBackupException.class).hasMessageContaining("not part of a KnowledgeHub backup");
        assertThat(dir.resolve("outside")).doesNotExist();
    }
}
