package io.knowledgehub.crawler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

/** The fixture sites under {@code src/test/resources/sites/}, served as they are or copied for editing. */
public final class Sites {

    private Sites() {
    }

    public static Path site(String name) {
        try {
            return Path.of(Sites.class.getResource("/sites/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies a fixture site into {@code target} so a test can edit it. */
    public static Path copy(String name, Path target) {
        Path source = site(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            // a different second than before, so Last-Modified moves too (the ETag already does)
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first {@code from} in a file with {@code to}; fails when {@code from} is not there. */
    public static void edit(Path file, String from, String to) {
        try {
            String content = Files.readString(file);
            if (!content.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            write(file, content.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String html(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><main><h1>"
                + title + "</h1>" + body + "</main></body></html>";
    }
}
