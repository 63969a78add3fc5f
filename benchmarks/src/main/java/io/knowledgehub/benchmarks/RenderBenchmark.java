package io.knowledgehub.benchmarks;

import io.knowledgehub.core.crawl.InProcessHostThrottle;
import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.AddressPolicy;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.engine.ContentSettings;
import io.knowledgehub.crawler.engine.CrawlControl;
import io.knowledgehub.crawler.engine.CrawlEngine;
import io.knowledgehub.crawler.engine.CrawlListener;
import io.knowledgehub.crawler.engine.CrawlRequest;
import io.knowledgehub.crawler.engine.CrawlStats;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.engine.PageOutcome;
import io.knowledgehub.crawler.fetch.HttpPageFetcher;
import io.knowledgehub.crawler.render.ChromiumSettings;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JavaScript rendering throughput: serves a site of client-rendered pages on 127.0.0.1 (an empty mount point that a
 * script file fills in, all linked from an index page), crawls it with render_js through the crawler's engine, guarded
 * proxy and headless Chromium, and prints rendered pages per second (and the same crawl without rendering).
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.RenderBenchmark
 *      [--pages 40] [--concurrency 2] [--chromium /usr/bin/chromium]</pre>
 */
public final class RenderBenchmark {

    public static void main(String[] args) throws Exception {
        int pages = Integer.parseInt(Args.arg(args, "--pages", "40"));
        int concurrency = Integer.parseInt(Args.arg(args, "--concurrency", "2"));
        Path chromium = Path.of(Args.arg(args, "--chromium", "/usr/bin/chromium"));
        Path root = Files.createTempDirectory("kh-render-bench");
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/render.js"), """
                document.addEventListener('DOMContentLoaded', function () {
                  var n = Number(document.body.dataset.page);
                  var html = '<main><h1>Rendered page ' + n + '</h1><p>This text was written by a script. '
                    + 'It describes feature number ' + n + ' of the console in a few sentences.</p>';
                  document.getElementById('root').innerHTML = html + '</main>';
                });""");
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= pages; i++) {
            links.append("<li><a href=\"page-").append(i).append(".html\">Page ").append(i).append("</a></li>");
            Files.writeString(root.resolve("app/page-" + i + ".html"), """
                    <!doctype html><html><head><title>Page %d</title><script src="render.js"></script></head>
                    <body data-page="%d"><div id="root"></div></body></html>""".formatted(i, i));
        }
        Files.writeString(root.resolve("app/index.html"), "<!doctype html><html><head><title>Console</title></head>"
                + "<body><main><h1>Console</h1><ul>" + links + "</ul></main></body></html>");
        CrawlerSettings settings = CrawlerSettings.defaults()
                .withAddresses(AddressGuard.of(AddressPolicy.allowing("127.0.0.1/32")));
        ContentSettings content = new ContentSettings(true, 50L << 20, 500,
                new ChromiumSettings(chromium, concurrency, Duration.ofSeconds(15), Duration.ofSeconds(5)));
        try (FixtureSiteServer site = FixtureSiteServer.serve(root);
             HttpPageFetcher fetcher = new HttpPageFetcher(settings)) {
            CrawlEngine engine = new CrawlEngine(fetcher, settings, new InProcessHostThrottle(), content);
            for (boolean render : List.of(true, false)) {
                SourceConfig d = SourceConfig.defaults();
                SourceConfig config = new SourceConfig(2, pages + 1, 0, null, List.of(), List.of(),
                        d.contentExtraction(), d.contentCleaning(), d.incremental(), d.scheduler(), d.performance(), render);
                long start = System.nanoTime();
                CrawlStats stats = engine.crawl(new CrawlRequest(site.uri("app/index.html"), config, true, Map.of(),
                        url -> Optional.empty()), new CrawlListener() {
                    @Override
                    public void onPage(PageOutcome outcome) {
                    }

                    @Override
                    public void onProgress(CrawlStats s) {
                    }
                }, new CrawlControl());
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %d pages stored (%d failed) in %.1f s = %.2f pages/s%s%n",
                        render ? "rendered in Chromium" : "not rendered", stats.pagesNew(), stats.pagesFailed(),
                        seconds, stats.pagesNew() / seconds,
                        render ? " (" + concurrency + " Chromium processes at once, one per page)" : "");
            }
        }
    }
}
