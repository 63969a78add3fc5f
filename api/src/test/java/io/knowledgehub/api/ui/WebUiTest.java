package io.knowledgehub.api.ui;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in real headless Chromium against the running app, crawling sites served on loopback: the walk of
 * the tutorials (add a source, watch its jobs complete live, search, open a result), escaping of crawled text,
 * delete with confirmation, cancel and retry, keyboard use, labels and a phone-width layout. The app gets its
 * own empty database and data directory so the first-run empty states are what a new user sees.
 */
@QuarkusTest
@TestProfile(WebUiTest.FreshApp.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {

    public static class FreshApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:webui;DB_CLOSE_DELAY=-1",
                    "kh.data-dir", "target/ui-test-data/" + System.nanoTime());
        }
    }

    private static final Duration JOBS = Duration.ofSeconds(120);

    private static Browser browser;
    private static FixtureSiteServer guide;
    private static FixtureSiteServer slow;
    private static FixtureSiteServer hostile;

    @TestHTTPResource("/")
    URL app;

    @BeforeAll
    static void start() throws IOException {
        guide = FixtureSiteServer.serve(guideSite());
        slow = TestSites.docsSite(12);
        hostile = FixtureSiteServer.serve(hostileSite());
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        for (FixtureSiteServer s : new FixtureSiteServer[]{guide, slow, hostile}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @BeforeEach
    void begin(TestInfo info) {
        browser.beginTest(info.getTestMethod().orElseThrow().getName());
        browser.driver().manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(1)
    void firstSourceFromTheDashboardToASearchResult() {
        browser.photographed(() -> {
            browser.open(app + "#/");
            browser.awaitText("main h1", "Dashboard", Duration.ofSeconds(20));
            browser.awaitText("[data-component='api']", "Operational", Duration.ofSeconds(10));
            assertThat(browser.text("[data-component='database']")).contains("Operational");
            assertThat(browser.find("main").getText()).contains("Welcome to KnowledgeHub");
            browser.snap("dashboard-first-run");

            browser.find("a[data-nav='sources']").click();
            browser.awaitText("main", "No sources yet", Duration.ofSeconds(10));
            browser.snap("sources-empty");
            browser.find("main a.btn.primary[href='#/sources/new']").click();

            WebElement name = browser.visible("#name");
            name.sendKeys("Fixture Guide");
            browser.find("#description").sendKeys("Guide pages served on loopback");
            browser.find("#base_url").sendKeys(guide.uri("guide/index.html").toString());
            setConfig("{\"max_dept\": 2}");
            browser.find("button[type='submit'].primary").click();
            browser.awaitText("#config-error", "max_dept", Duration.ofSeconds(10));
            assertThat(browser.driver().getCurrentUrl()).endsWith("#/sources/new");
            assertThat(browser.find("#field-config").getAttribute("class")).contains("invalid");
            browser.snap("config-error-from-server");

            setConfig("{\"max_depth\": 2,");
            assertThat(browser.find("#config-error").getText()).contains("Not valid JSON");
            // a crawl of a few seconds: the jobs page must see it running before it completes, on a slow machine too
            setConfig("{\"max_depth\": 2, \"crawl_delay\": 1.0}");
            browser.find("button[type='submit'].primary").click();

            browser.await(Duration.ofSeconds(10), "the sources page after Create Source",
                    d -> d.getCurrentUrl().endsWith("#/sources") ? Boolean.TRUE : null);
            // the notice goes away on its own after a few seconds: read before the table is awaited
            browser.awaitText("#notice", "created", Duration.ofSeconds(5));
            browser.awaitText("#sources-table", "Fixture Guide", Duration.ofSeconds(10));
            assertThat(browser.text("#sources-table")).containsIgnoringCase("active");
            browser.snap("sources-after-create");

            // the jobs page follows the crawl and the indexing after it live: the page is never reloaded
            browser.js("window.__samePage = true;");
            browser.find("a[data-nav='jobs']").click();
            browser.visible("#jobs-table tr[data-job]");
            Set<String> crawlStatuses = new LinkedHashSet<>();
            boolean sawProgressBar = false;
            long deadline = System.nanoTime() + JOBS.toNanos();
            while (true) {
                List<String> crawl = rowStatuses("crawl");
                List<String> rag = rowStatuses("indexing");
                crawlStatuses.addAll(crawl);
                sawProgressBar |= !browser.findAll("#jobs-table tr[data-status='running'] progress").isEmpty();
                if (crawlStatuses.contains("running") && crawlStatuses.size() == 2) {
                    browser.snap("crawl-running");
                }
                if (crawl.equals(List.of("completed")) && !rag.isEmpty() && rag.stream().allMatch("completed"::equals)) {
                    break;
                }
                assertThat(System.nanoTime()).as("crawl and indexing to complete; statuses seen " + crawlStatuses).isLessThan(deadline);
                sleep(100);
            }
            assertThat(browser.js("return window.__samePage === true;")).isEqualTo(true);
            assertThat(crawlStatuses).as("the crawl was seen before it completed").hasSizeGreaterThan(1).endsWith("completed");
            assertThat(sawProgressBar).as("a live progress bar while running").isTrue();
            assertThat(crawlCounter("pages_checked")).isEqualTo("5");
            browser.snap("jobs-completed");

            browser.find("a[data-nav='search']").click();
            WebElement query = browser.visible("#q");
            query.sendKeys("tablespace quota");
            query.sendKeys(Keys.ENTER);
            browser.visible("#results li");
            WebElement first = browser.find("#results li");
            assertThat(first.getText()).contains("Fixture Guide").contains("Tablespace quotas");
            assertThat(first.findElements(By.cssSelector(".snippet mark"))).isNotEmpty();
            // the page may redraw (a late job event) between the click and the read: open the help until it shows
            browser.await(Duration.ofSeconds(10), "the search operators to open", d -> {
                try {
                    WebElement help = d.findElement(By.xpath("//summary[text()='Search operators']/.."));
                    if (help.getAttribute("open") == null) {
                        help.findElement(By.tagName("summary")).click();
                    }
                    return d.findElement(By.cssSelector("main")).getText().contains("+word") ? true : null;
                } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                    return null;
                }
            });
            assertThat(browser.find("main").getText()).contains("+word").contains("\"exact phrase\"").contains("conf*");
            browser.snap("search-results");

            first.findElement(By.cssSelector("a.result-link")).click();
            WebElement target = browser.visible(".chunk.target");
            assertThat(target.getText()).containsIgnoringCase("quota");
            assertThat(browser.js("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", target))
                    .as("the chunk of the result is scrolled into view").isEqualTo(true);
            assertThat(browser.find("main h1").getText()).isEqualTo("Tablespace quotas");
            browser.snap("document-with-chunk");
        });
    }

    @Test
    @Order(3)
    void dashboardShowsCountsChartsAndRecentJobs() {
        browser.photographed(() -> {
            browser.open(app + "#/");
            browser.awaitText("main h1", "Dashboard", Duration.ofSeconds(20));
            WebElement main = browser.find("main");
            assertThat(main.getText()).doesNotContain("Welcome to KnowledgeHub").contains("Fixture Guide");
            assertThat(browser.findAll("figure.chart")).hasSize(3);
            assertThat(browser.findAll("figure.chart svg rect.bar")).as("pages crawled per hour").isNotEmpty();
            assertThat(browser.findAll("figure.chart svg circle")).as("search latency and index size points").isNotEmpty();
            // read in one go: the dashboard redraws its charts after job events, between a lookup and a read
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) browser.js(
                    "return [...document.querySelectorAll('figure.chart svg')].map(svg => svg.getAttribute('aria-label'));");
            int crawled = given().get("/api/v1/jobs?type=crawl").jsonPath().<Integer>getList("jobs.result.pages_checked")
                    .stream().mapToInt(Integer::intValue).sum();
            assertThat(labels).contains("Pages crawled per hour: " + crawled + " pages in the last 24 hours");
            browser.snap("dashboard");
        });
    }

    @Test
    @Order(2)
    void crawledMarkupIsShownAsTextAndNeverRuns() {
        browser.photographed(() -> {
            String name = "<script>window.__xss = 'name'</script> Hostile";
            Response created = TestSites.createSource(name, hostile.uri("evil/index.html").toString(), Map.of("crawl_delay", 0));
            TestSites.awaitIdle(created.path("id"), JOBS);

            browser.open(app + "#/search?q=xssprobe&type=keyword");
            browser.visible("#results li");
            WebElement result = browser.find("#results li");
            assertThat(result.getText()).contains("<img src=x onerror=").contains("<script>");
            assertThat(result.findElements(By.cssSelector("img, script, iframe"))).isEmpty();
            browser.snap("hostile-search");
            result.findElement(By.cssSelector("a.result-link")).click();
            browser.visible(".chunk");
            assertThat(browser.find("main h1").getText()).contains("<script>");
            browser.find("a[data-nav='sources']").click();
            browser.awaitText("#sources-table", "Hostile", Duration.ofSeconds(10));
            assertThat(browser.find("#sources-table").getText()).contains("<script>window.__xss = 'name'</script> Hostile");
            browser.open(app + "#/jobs");
            browser.visible("#jobs-table");
            browser.open(app + "#/");
            browser.awaitText("main h1", "Dashboard", Duration.ofSeconds(20));
            assertThat(browser.js("return typeof window.__xss;")).isEqualTo("undefined");
            assertThat(browser.findAll("main script, main img, main iframe")).isEmpty();
            browser.snap("hostile-dashboard");
        });
    }

    @Test
    @Order(4)
    void sourceIsEditedRefreshedAndUsedAsASearchFilter() {
        browser.photographed(() -> {
            String id = given().get("/api/v1/sources").jsonPath().<String>getList("sources.findAll { it.name == 'Fixture Guide' }.id").get(0);
            TestSites.awaitIdle(id, JOBS);
            int jobsBefore = given().get("/api/v1/jobs?source_id=" + id).path("total");
            browser.open(app + "#/sources");
            browser.visible("tr[data-source='" + id + "']").findElement(By.xpath(".//a[text()='Edit']")).click();
            WebElement description = browser.visible("#description");
            assertThat(description.getAttribute("value")).isEqualTo("Guide pages served on loopback");
            assertThat(browser.find("#config").getAttribute("value")).contains("\"max_depth\": 2");
            description.clear();
            description.sendKeys("Storage administration guide");
            setConfig("{\"max_depth\": 1, \"crawl_delay\": 0}");
            browser.snap("edit");
            browser.find("button[type='submit'].primary").click();
            browser.await(Duration.ofSeconds(10), "the sources page after saving",
                    d -> d.getCurrentUrl().endsWith("#/sources") ? Boolean.TRUE : null);
            browser.awaitText("#sources-table", "Storage administration guide", Duration.ofSeconds(10));
            Response source = given().get("/api/v1/sources/" + id);
            assertThat(source.<Integer>path("config.max_depth")).isEqualTo(1);
            assertThat(source.<Float>path("config.crawl_delay")).isEqualTo(0f);

            browser.clickButton("tr[data-source='" + id + "']", "Refresh");
            browser.awaitText("#notice", "Refresh of \"Fixture Guide\" started", Duration.ofSeconds(10));
            assertThat(given().get("/api/v1/jobs?source_id=" + id).<Integer>path("total")).isEqualTo(jobsBefore + 1);
            TestSites.awaitIdle(id, JOBS);

            // only the hostile source is searched: the guide's quota page must not come back
            browser.open(app + "#/search");
            browser.visible("#q").sendKeys("tablespace quota");
            browser.driver().findElement(By.xpath("//summary[text()='Filters']")).click();
            browser.driver().findElement(By.xpath("//label[contains(., 'Hostile')]/input")).click();
            browser.find("#q").sendKeys(Keys.ENTER);
            browser.awaitText("main", "No results", Duration.ofSeconds(10));
            assertThat(browser.driver().getCurrentUrl()).contains("source=");
            browser.snap("filtered-out");
            browser.driver().findElement(By.xpath("//label[contains(., 'Fixture Guide')]/input")).click();
            browser.find("button[type='submit'].primary").click();
            browser.visible("#results li");
            assertThat(browser.find("#results li").getText()).contains("Tablespace quotas");

            // the guide is all HTML: the content type filter offers every kind and keeps only what matches
            var kinds = new org.openqa.selenium.support.ui.Select(browser.find("#content-type"));
            assertThat(kinds.getOptions()).extracting(o -> o.getAttribute("value"))
                    .containsExactly("", "html", "markdown", "text", "pdf");
            kinds.selectByValue("markdown");
            browser.find("button[type='submit'].primary").click();
            browser.awaitText("main", "No results", Duration.ofSeconds(10));
            assertThat(browser.driver().getCurrentUrl()).contains("content_type=markdown");
            new org.openqa.selenium.support.ui.Select(browser.find("#content-type")).selectByValue("html");
            browser.find("button[type='submit'].primary").click();
            browser.awaitText("#results", "Tablespace quotas", Duration.ofSeconds(10));
        });
    }

    @Test
    @Order(5)
    void runningCrawlIsCancelledAndRetriedFromTheJobsPage() {
        browser.photographed(() -> {
            Response created = TestSites.createSource("Slow site", slow.uri("docs/index.html").toString(), Map.of("crawl_delay", 1.0));
            String jobId = created.path("job_id");
            browser.open(app + "#/jobs");
            browser.visible("tr[data-job='" + jobId + "'][data-status='running']");
            browser.snap("running");
            browser.clickButton("tr[data-job='" + jobId + "']", "Cancel");
            browser.visible("tr[data-job='" + jobId + "'][data-status='cancelled']");
            browser.snap("cancelled");
            assertThat(given().get("/api/v1/jobs/" + jobId).<String>path("status")).isEqualTo("cancelled");

            browser.clickButton("tr[data-job='" + jobId + "']", "Retry");
            // the retry is the job that names the cancelled one (the cancelled crawl may still have asked for an
            // indexing job, whose row can arrive at the top of the table at the same time)
            String retryId = browser.await(Duration.ofSeconds(10), "the retry in the jobs API", d -> {
                List<String> ids = given().queryParam("source_id", created.<String>path("id")).get("/api/v1/jobs")
                        .jsonPath().getList("jobs.findAll { it.retry_of == '" + jobId + "' }.id");
                return ids.isEmpty() ? null : ids.get(0);
            });
            assertThat(retryId).isNotEqualTo(jobId);
            browser.visible("#jobs-table tr[data-job='" + retryId + "']");
            browser.snap("retried");
            given().contentType("application/json").body("{}").post("/api/v1/jobs/" + retryId + "/cancel").then().statusCode(200);
        });
    }

    @Test
    @Order(6)
    void deletingASourceAsksFirst() {
        browser.photographed(() -> {
            Response created = TestSites.createSource("Disposable", guide.uri("guide/index.html").toString(), Map.of("crawl_delay", 0));
            String id = created.path("id");
            TestSites.awaitIdle(id, JOBS);
            browser.open(app + "#/sources");
            browser.visible("tr[data-source='" + id + "']");
            browser.clickButton("tr[data-source='" + id + "']", "Delete");
            WebElement dialog = browser.visible("dialog[open]");
            assertThat(dialog.getText()).contains("Delete \"Disposable\"?");
            browser.snap("confirm");
            dialog.findElement(By.xpath(".//button[text()='Keep it']")).click();
            assertThat(browser.findAll("tr[data-source='" + id + "']")).hasSize(1);
            given().get("/api/v1/sources/" + id).then().statusCode(200);

            browser.clickButton("tr[data-source='" + id + "']", "Delete");
            browser.visible("dialog[open]").findElement(By.xpath(".//button[text()='Delete source']")).click();
            browser.await(Duration.ofSeconds(10), "the row to go", d -> browser.findAll("tr[data-source='" + id + "']").isEmpty() ? Boolean.TRUE : null);
            given().get("/api/v1/sources/" + id).then().statusCode(404);
            browser.snap("deleted");
        });
    }

    @Test
    @Order(7)
    void searchWorksFromTheKeyboardAlone() {
        browser.photographed(() -> {
            browser.open(app + "#/search");
            browser.visible("#q");
            assertThat(browser.js("return document.activeElement.id;")).isEqualTo("q");
            browser.driver().switchTo().activeElement().sendKeys("write-ahead log checkpoints", Keys.ENTER);
            browser.visible("#results li");
            String firstLink = browser.find("#results a.result-link").getText();
            for (int i = 0; i < 40 && !"result-link".equals(browser.js("return document.activeElement.className;")); i++) {
                browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            }
            assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo(firstLink);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            browser.visible(".chunk.target");
            browser.snap("opened-by-keyboard");
        });
    }

    @Test
    @Order(8)
    void everyPageFitsAPhoneAndLabelsItsControls() {
        browser.photographed(() -> {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            // each page with its heading: the router replaces the page in place, so the heading tells the new page
            // from the one before it
            Map<String, String> headings = new java.util.LinkedHashMap<>();
            headings.put("#/", "Dashboard");
            headings.put("#/sources", "Sources");
            headings.put("#/sources/new", "Add Source");
            headings.put("#/jobs", "Jobs");
            headings.put("#/search?q=quota", "Search");
            headings.put("#/documents", "Documents");
            for (var entry : headings.entrySet()) {
                String page = entry.getKey();
                browser.open(app + page);
                browser.await(Duration.ofSeconds(15), "the heading " + entry.getValue() + " on " + page,
                        d -> entry.getValue().equals(browser.text("main h1")) ? Boolean.TRUE : null);
                sleep(300); // what the page loads after its heading (a search's results) is laid out too
                browser.snap("phone-" + page.replaceAll("\\W", "_"));
                assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth + 1;"))
                        .as("no sideways scrolling on " + page).isEqualTo(true);
                assertThat(browser.find("nav[aria-label='Main']").isDisplayed()).isTrue();
                Object unlabelled = browser.js("""
                        return [...document.querySelectorAll('input, select, textarea')]
                          .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
                          .map(e => e.id || e.name || e.outerHTML.slice(0, 60));""");
                assertThat((List<?>) unlabelled).as("controls without a label on " + page).isEmpty();
            }
        });
    }

    @Test
    @Order(9)
    void sourcePageShowsTheReportOfItsLastCrawlWithSampleUrlsAsText() throws IOException {
        Path root = Files.createTempDirectory("kh-ui-report");
        TestSites.write(root.resolve("robots.txt"), "User-agent: *\nDisallow: /docs/private/\n");
        TestSites.write(root.resolve("docs/index.html"), TestSites.page("Report home", "<p>Start.</p>"
                + "<a href=\"a.html\">A</a> <a href=\"missing.html\">Missing</a> <a href=\"private/x.html\">Private</a>"
                + "<a href=\"https://elsewhere.example/?q=%3Cscript%3Ewindow.__xss%3D'url'%3C/script%3E\">Away</a>"));
        TestSites.write(root.resolve("docs/a.html"), TestSites.page("Page A", "<p>Alpha.</p>"));
        try (FixtureSiteServer site = FixtureSiteServer.serve(root)) {
            browser.photographed(() -> {
                Response created = TestSites.createSource("Reported site", site.uri("docs/index.html").toString(),
                        Map.of("crawl_delay", 0));
                String id = created.path("id");
                TestSites.awaitIdle(id, JOBS);

                browser.open(app + "#/sources");
                // the list redraws a row when one of its jobs reports (here the crawl's late indexing events): a
                // click that lands while the row is replaced is clicked again until the source page is the location
                browser.await(Duration.ofSeconds(15), "the source's link to open its page", d -> {
                    if (!("#/sources/" + id).equals(browser.js("return location.hash;"))) {
                        try {
                            browser.visible("tr[data-source='" + id + "'] a.source-link").click();
                        } catch (org.openqa.selenium.StaleElementReferenceException e) {
                            return null;
                        }
                    }
                    return ("#/sources/" + id).equals(browser.js("return location.hash;")) ? true : null;
                });
                browser.awaitText("main h1", "Reported site", Duration.ofSeconds(10));
                browser.visible("#coverage-counts");
                assertThat(browser.find("#coverage-job").getAttribute("data-job")).isEqualTo(created.<String>path("job_id"));
                assertThat(count("fetched")).isEqualTo("3");
                assertThat(count("new")).isEqualTo("2");
                assertThat(count("failed")).isEqualTo("1");
                assertThat(count("skipped")).isEqualTo("1");
                assertThat(count("not_crawled")).isEqualTo("1");
                List<String> codes = browser.findAll("#coverage-reasons tbody tr").stream()
                        .map(tr -> tr.getAttribute("data-code")).toList();
                assertThat(codes).containsExactly("http_status", "robots", "out_of_scope");
                WebElement notFound = browser.find("#coverage-reasons tr[data-code='http_status']");
                assertThat(notFound.getText()).contains("answered HTTP 404").containsIgnoringCase("failed");
                assertThat(notFound.findElement(By.cssSelector(".sample-url")).isDisplayed()).isFalse();
                assertThat(openSamples("http_status")).isEqualTo(site.uri("docs/missing.html").toString());
                assertThat(openSamples("out_of_scope")).contains("elsewhere.example");
                // sample URLs are text, not links, and nothing in them ran
                assertThat(browser.findAll("#coverage a, #coverage script, #coverage img")).isEmpty();
                assertThat(browser.js("return typeof window.__xss;")).isEqualTo("undefined");
                browser.snap("source-report");
            });
        }
    }

    @Test
    @Order(10)
    void moreResultsAreShownTwentyAtATimeWithoutRepeatingOne() throws Exception {
        Path root = Files.createTempDirectory("kh-ui-many");
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= 45; i++) {
            TestSites.write(root.resolve("lamps/p" + i + ".html"), TestSites.page("Lantern note " + i,
                    "<p>The lantern number " + i + " hangs in hall " + (i * 7) + ".</p>"));
            links.append("<a href=\"p").append(i).append(".html\">").append(i).append("</a> ");
        }
        TestSites.write(root.resolve("lamps/index.html"), TestSites.page("Lamps", "<p>All the lamps.</p>" + links));
        try (FixtureSiteServer site = FixtureSiteServer.serve(root)) {
            browser.photographed(() -> {
                Response created = TestSites.createSource("Lamps", site.uri("lamps/index.html").toString(),
                        Map.of("crawl_delay", 0));
                TestSites.awaitIdle(created.path("id"), JOBS);

                browser.open(app + "#/search?q=lantern&type=keyword&source=" + created.<String>path("id"));
                browser.visible("#results li");
                assertThat(browser.findAll("#results li")).hasSize(20);
                assertThat(browser.text("#result-summary")).startsWith("20 of 45 results");
                browser.find("#more-results").click();
                browser.await(Duration.ofSeconds(10), "40 results", d -> browser.findAll("#results li").size() == 40 ? true : null);
                assertThat(browser.text("#result-summary")).startsWith("40 of 45 results");
                browser.find("#more-results").click();
                browser.await(Duration.ofSeconds(10), "all 45 results", d -> browser.findAll("#results li").size() == 45 ? true : null);
                assertThat(browser.text("#result-summary")).startsWith("45 results");
                assertThat(browser.findAll("#more-results")).as("nothing more to show").isEmpty();
                List<String> titles = browser.findAll("#results a.result-link").stream().map(WebElement::getText).toList();
                assertThat(titles).doesNotHaveDuplicates().allMatch(t -> t.startsWith("Lantern note "));
                browser.snap("more-results");
            });
        }
    }

    /**
     * Opens the sample URLs of the report's reason {@code code} and returns the first one's text. A running crawl's
     * report is redrawn on its job events (opened samples stay open): a row replaced under the click or the read is
     * looked up again.
     */
    private String openSamples(String code) {
        String row = "#coverage-reasons tr[data-code='" + code + "']";
        return browser.await(Duration.ofSeconds(10), "the sample URLs of " + code + " to show", d -> {
            try {
                WebElement tr = d.findElement(By.cssSelector(row));
                WebElement sample = tr.findElement(By.cssSelector(".sample-url"));
                if (sample.isDisplayed()) return sample.getText();
                tr.findElement(By.cssSelector("summary")).click();
                return null;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    private String count(String key) {
        return browser.find("#coverage-counts [data-count='" + key + "'] dd").getText();
    }

    private void setConfig(String json) {
        WebElement config = browser.find("#config");
        config.clear();
        config.sendKeys(json);
    }

    /** Statuses of the job rows of one type, read in one go (rows are replaced as updates arrive). */
    @SuppressWarnings("unchecked")
    private List<String> rowStatuses(String typeLabel) {
        return (List<String>) browser.js("""
                return [...document.querySelectorAll('#jobs-table tr[data-job]')]
                  .filter(tr => tr.querySelector('td .badge').textContent.toLowerCase() === arguments[0])
                  .map(tr => tr.dataset.status);""", typeLabel);
    }

    private String crawlCounter(String counter) {
        return (String) browser.js("""
                const tr = [...document.querySelectorAll('#jobs-table tr[data-job]')]
                  .find(tr => tr.querySelector('td .badge').textContent === 'crawl');
                return tr.querySelector('[data-counter="' + arguments[0] + '"] b').textContent;""", counter);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Five guide pages about storage administration. */
    private static Path guideSite() throws IOException {
        Path root = Files.createTempDirectory("kh-ui-guide");
        String[][] pages = {
                {"index", "Storage guide", "<p>Start here to learn storage administration.</p><ul><li><a href=\"quotas.html\">Quotas</a></li>"
                        + "<li><a href=\"wal.html\">WAL</a></li><li><a href=\"vacuum.html\">Vacuum</a></li><li><a href=\"backup.html\">Backup</a></li></ul>"},
                {"quotas", "Tablespace quotas", "<h2 id=\"limits\">Setting limits</h2><p>A tablespace quota caps the disk space a tablespace may use. "
                        + "Set the quota with ALTER TABLESPACE and watch usage in the statistics views.</p>"},
                {"wal", "Write-ahead log", "<h2 id=\"checkpoints\">Checkpoints</h2><p>The write-ahead log records every change before it reaches "
                        + "the data files. Checkpoints flush dirty pages so the log can be recycled.</p>"},
                {"vacuum", "Vacuuming", "<p>Vacuum reclaims the space of dead rows and updates planner statistics.</p>"},
                {"backup", "Backups", "<p>Base backups with continuous archiving allow point-in-time recovery.</p>"},
        };
        for (String[] p : pages) {
            TestSites.write(root.resolve("guide/" + p[0] + ".html"), TestSites.page(p[1], p[2]));
        }
        TestSites.write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return root;
    }

    /** A page whose title and text are markup, as text: it must show as text and never run. */
    private static Path hostileSite() throws IOException {
        Path root = Files.createTempDirectory("kh-ui-hostile");
        String title = "&lt;script&gt;window.__xss = 'title'&lt;/script&gt; Evil page";
        String body = "<p>xssprobe text: &lt;img src=x onerror=\"window.__xss = 'img'\"&gt; and "
                + "&lt;script&gt;window.__xss = 'body'&lt;/script&gt; shown literally.</p>"
                + "<script>window.__xss = 'inline';</script><p>More xssprobe words after a real script element.</p>";
        TestSites.write(root.resolve("evil/index.html"), "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><main><h1>"
                + title + "</h1>" + body + "</main></body></html>");
        TestSites.write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return root;
    }
}
