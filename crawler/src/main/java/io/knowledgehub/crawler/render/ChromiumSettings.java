package io.knowledgehub.crawler.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How pages of {@code render_js} sources are rendered ({@code kh.crawler.chromium-path},
 * {@code kh.crawler.render-*}).
 *
 * @param path          the Chromium executable
 * @param concurrency   pages rendered at once per crawl (each in its own Chromium process)
 * @param pageTimeout   the most one page may take, Chromium's start included; a slower page fails
 * @param scriptBudget  virtual time the page's scripts get before the DOM is read (timers and network waits
 *                      inside it run as fast as they can)
 */
public record ChromiumSettings(Path path, int concurrency, Duration pageTimeout, Duration scriptBudget) {

    public static final String UNAVAILABLE =
            "render_js needs Chromium; install the chromium package or set KH_CRAWLER_CHROMIUM_PATH";

    public static ChromiumSettings defaults() {
        return new ChromiumSettings(Path.of("/usr/bin/chromium"), 2, Duration.ofSeconds(15), Duration.ofSeconds(5));
    }

    /** Why pages cannot be rendered here, or empty when Chromium is there to run. */
    public Optional<String> unavailable() {
        return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.empty()
                : Optional.of(UNAVAILABLE + " (no executable at " + path + ").");
    }
}
