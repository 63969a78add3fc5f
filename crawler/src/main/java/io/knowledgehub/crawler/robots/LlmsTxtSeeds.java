package io.knowledgehub.crawler.robots;

import io.knowledgehub.crawler.extract.MarkdownExtractor;
import io.knowledgehub.crawler.fetch.FetchOutcome;
import io.knowledgehub.crawler.fetch.FetchPlan;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.scope.CrawlScope;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Extra crawl seeds from the site's {@code llms.txt} and {@code llms-full.txt} (the llmstxt.org convention: a
 * Markdown file listing a site's documentation for language models): the first found of {@link #locations}
 * ({@code /docs/llms.txt} for a source at {@code /docs/}, then {@code /llms.txt} ...). Its Markdown links are read
 * like sitemap entries: resolved, normalised, and kept only when in the crawl's scope, in file order, without
 * duplicates, up to {@code maxUrls}. The files are hints: a missing or unreadable one is ignored, and they are not
 * stored as documents by this step (a page that links to one is crawled like any other page).
 */
public final class LlmsTxtSeeds {

    static final List<String> FILES = List.of("llms.txt", "llms-full.txt");

    private final FetchPolicy policy;
    private final CrawlScope scope;
    private final long maxBytes;
    private final int maxUrls;

    public LlmsTxtSeeds(FetchPolicy policy, CrawlScope scope, long maxBytes, int maxUrls) {
        this.policy = policy;
        this.scope = scope;
        this.maxBytes = maxBytes;
        this.maxUrls = maxUrls;
    }

    /**
     * The URLs where the files are looked for, in order: llms.txt under the base path, at the root, then
     * llms-full.txt likewise (it lists the same pages with their full text, so it is read only without an llms.txt).
     */
    static List<String> locations(String baseUrl) {
        URI base = URI.create(baseUrl);
        Set<String> out = new LinkedHashSet<>();
        for (String name : FILES) {
            out.add(base.resolve(name).toString());
            out.add(base.resolve("/" + name).toString());
        }
        return List.copyOf(out);
    }

    /** @return normalised in-scope URLs the files link to */
    public List<String> read() throws InterruptedException {
        FetchPlan plan = FetchPlan.resource(url -> scope.sameSite(URI.create(url)), maxBytes);
        Set<String> seeds = new LinkedHashSet<>();
        for (String location : locations(scope.baseUrl())) {
            if (seeds.size() >= maxUrls) {
                break;
            }
            if (!(policy.fetch(location, plan) instanceof FetchOutcome.Fetched fetched)) {
                continue;
            }
            String type = fetched.response().contentType().toLowerCase(Locale.ROOT);
            if (type.startsWith("text/html")) {
                continue; // a site's "not found" page answered with 200 is no llms.txt
            }
            String text = new String(fetched.response().body(), StandardCharsets.UTF_8);
            for (String url : MarkdownExtractor.links(text, fetched.url())) {
                if (scope.contains(url) && seeds.size() < maxUrls) {
                    seeds.add(url);
                }
            }
            break; // the first file found is the site's list
        }
        return List.copyOf(seeds);
    }
}
