package io.knowledgehub.crawler.testing;

import io.knowledgehub.core.source.SourceConfig;

import java.util.List;

/** Builds a {@link SourceConfig} for a test, starting from the defaults but with no crawl delay. */
public final class TestConfig {

    private int maxDepth = 10;
    private int maxPages = 1000;
    private double crawlDelay;
    private List<String> follow = List.of();
    private List<String> exclude = List.of();
    private List<String> excludeSelectors = List.of();
    private List<String> removePatterns = List.of();
    private double minChangeThreshold;
    private int parallelism = 8;
    private boolean renderJs;
    private java.time.Duration maxDuration;
    private Long maxTotalBytes;

    public static TestConfig config() {
        return new TestConfig();
    }

    public TestConfig maxDepth(int value) {
        maxDepth = value;
        return this;
    }

    public TestConfig maxPages(int value) {
        maxPages = value;
        return this;
    }

    public TestConfig crawlDelay(double seconds) {
        crawlDelay = seconds;
        return this;
    }

    public TestConfig follow(String... globs) {
        follow = List.of(globs);
        return this;
    }

    public TestConfig exclude(String... globs) {
        exclude = List.of(globs);
        return this;
    }

    public TestConfig excludeSelectors(String... selectors) {
        excludeSelectors = List.of(selectors);
        return this;
    }

    public TestConfig removePatterns(String... regexes) {
        removePatterns = List.of(regexes);
        return this;
    }

    public TestConfig minChangeThreshold(double value) {
        minChangeThreshold = value;
        return this;
    }

    public TestConfig parallelism(int value) {
        parallelism = value;
        return this;
    }

    public TestConfig renderJs(boolean value) {
        renderJs = value;
        return this;
    }

    public TestConfig maxDuration(java.time.Duration value) {
        maxDuration = value;
        return this;
    }

    public TestConfig maxTotalBytes(long value) {
        maxTotalBytes = value;
        return this;
    }

    public SourceConfig build() {
        SourceConfig d = SourceConfig.defaults();
        return new SourceConfig(maxDepth, maxPages, crawlDelay, null, follow, exclude,
                new SourceConfig.ContentExtraction(excludeSelectors, true, false),
                new SourceConfig.ContentCleaning(removePatterns),
                new SourceConfig.IncrementalConfig(minChangeThreshold, true, "fuzzy"),
                d.scheduler(), new SourceConfig.Performance(true, 100, parallelism), renderJs,
                new SourceConfig.Limits(maxDuration, maxTotalBytes));
    }
}
