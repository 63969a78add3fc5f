package io.knowledgehub.api.ui;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
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
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in real headless Chromium against an app that requires API keys: without a key every page points to
 * Settings; the admin key entered there opens the app, creates a source and a read key (shown once); with the read
 * key search works, the controls that change things are disabled, and job updates still arrive live over the event
 * stream (opened with a short-lived ticket, never the key); a revoked key is refused at the next step, and revoking
 * from the UI asks first. The key lives in the tab's session storage only.
 */
@QuarkusTest
@TestProfile(WebUiAuthTest.AuthOn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiAuthTest {

    static final String ADMIN_KEY = "kh_browser-test-admin-key-0123456789abcdefghijklmno";

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:webuiauth;DB_CLOSE_DELAY=-1",
                    "kh.data-dir", "target/ui-test-data/auth-" + System.nanoTime(),
                    "kh.auth.enabled", "true",
                    "kh.auth.admin-api-key", ADMIN_KEY);
        }
    }

    private static final Duration JOBS = Duration.ofSeconds(120);
    private static final String SOURCE = "Loopback docs";

    private static Browser browser;
    private static FixtureSiteServer site;
    private static String readKey;
    private static String readKeyId;

    @TestHTTPResource("/")
    URL app;

    @BeforeAll
    static void start() {
        site = TestSites.docsSite(4);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @BeforeEach
    void begin(TestInfo info) {
        browser.beginTest(info.getTestMethod().orElseThrow().getName());
        browser.driver().manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(1)
    void without_a_key_the_pages_point_to_settings_where_the_admin_key_opens_the_app() {
        browser.photographed(() -> {
            // the pages are open and come with the strict policy the browser enforces (see Browser's problem checks)
            for (String path : List.of("/", "/ui/app.js", "/ui/api.js", "/ui/pages/settings.js")) {
                assertThat(given().get(path).then().statusCode(200).extract().header("Content-Security-Policy"))
                        .as(path).contains("script-src 'self';").contains("style-src 'self';").doesNotContain("unsafe");
            }
            browser.open(app + "#/");
            browser.awaitText("#notice", "This KnowledgeHub needs an API key. Enter one in Settings.", Duration.ofSeconds(20));
            assertThat(browser.find("main .alert.error[data-auth='missing']").getText()).contains("needs an API key");
            browser.snap("prompt");

            browser.find("#notice a[href='#/settings']").click();
            browser.awaitText("main h1", "Settings", Duration.ofSeconds(10));
            assertThat(browser.find("#auth-status").getText()).containsIgnoringCase("Authentication on");
            assertThat(browser.findAll("#api-keys")).as("no key management without an admin key").isEmpty();
            assertThat(browser.find("#notice").getText()).isEmpty();
            assertLabelled("#/settings");

            enterKey("kh_this-key-does-not-exist");
            browser.awaitText("#api-key-error", "not accepted", Duration.ofSeconds(10));
            assertThat(browser.js("return sessionStorage.length;")).isEqualTo(0L);

            enterKey(ADMIN_KEY);
            browser.awaitText("#key-scope-current", "Admin", Duration.ofSeconds(10));
            assertThat(browser.find("#key-name-current").getText()).isNotBlank();
            assertThat(browser.js("return Object.values(sessionStorage);")).isEqualTo(List.of(ADMIN_KEY));
            assertThat(browser.js("return localStorage.length;")).isEqualTo(0L);
            assertThat(browser.driver().getCurrentUrl()).doesNotContain(ADMIN_KEY);
            browser.visible("#api-keys");
            browser.snap("admin-key");

            browser.find("a[data-nav='dashboard']").click();
            browser.awaitText("main h1", "Dashboard", Duration.ofSeconds(20));
            browser.awaitText("[data-component='api']", "Operational", Duration.ofSeconds(10));
            assertThat(browser.find("main").getText()).contains("Welcome to KnowledgeHub");
            assertThat(browser.find("#notice").getText()).doesNotContain("API key");
            assertThat(browser.find("main a.btn.primary[href='#/sources/new']").isDisplayed()).isTrue();
        });
    }

    @Test
    @Order(2)
    void the_admin_key_creates_a_source_and_a_read_key_that_is_shown_once() {
        browser.photographed(() -> {
            browser.open(app + "#/sources/new");
            browser.visible("#name").sendKeys(SOURCE);
            browser.find("#base_url").sendKeys(site.uri("docs/index.html").toString());
            WebElement config = browser.find("#config");
            config.clear();
            config.sendKeys("{\"crawl_delay\": 0}");
            browser.find("button[type='submit'].primary").click();
            browser.await(Duration.ofSeconds(10), "the sources page after Create Source",
                    d -> d.getCurrentUrl().endsWith("#/sources") ? Boolean.TRUE : null);
            browser.awaitText("#sources-table", SOURCE, Duration.ofSeconds(10));
            awaitIdle(sourceId());

            browser.open(app + "#/settings");
            browser.visible("#new-key-name").sendKeys("Reader");
            assertThat(browser.find("#new-key-scope").getAttribute("value")).isEqualTo("read");
            browser.find("#new-key-form button[type='submit']").click();
            readKey = browser.visible("#new-key-value").getAttribute("value");
            assertThat(readKey).startsWith("kh_").hasSizeGreaterThan(40);
            assertThat(browser.find("#new-key-box").getText()).contains("you won't see it again");
            assertThat(browser.find("#copy-new-key").isDisplayed()).isTrue();
            browser.awaitText("#keys-table", "Reader", Duration.ofSeconds(10));
            readKeyId = as(ADMIN_KEY).get("/api/v1/keys").jsonPath().<String>getList("keys.findAll { it.name == 'Reader' }.id").get(0);
            WebElement row = browser.find("tr[data-key='" + readKeyId + "']");
            assertThat(row.findElement(By.cssSelector("td[data-label='Scope']")).getText()).isEqualToIgnoringCase("read");
            assertThat(row.findElement(By.cssSelector("td[data-label='Last used']")).getText()).isEqualTo("never");
            assertThat(row.findElement(By.cssSelector("td[data-label='Status']")).getText()).isEqualToIgnoringCase("active");
            browser.snap("key-created");

            // the key is shown once: the page shown again lists it without its value
            browser.find("a[data-nav='dashboard']").click();
            browser.awaitText("main h1", "Dashboard", Duration.ofSeconds(10));
            browser.find("a[data-nav='settings']").click();
            browser.awaitText("#keys-table", "Reader", Duration.ofSeconds(10));
            assertThat(browser.findAll("#new-key-value")).isEmpty();
            assertThat(browser.driver().getPageSource()).doesNotContain(readKey);
        });
    }

    @Test
    @Order(3)
    void a_read_key_searches_and_follows_jobs_live_but_cannot_change_anything() {
        browser.photographed(() -> {
            String sourceId = sourceId();
            browser.open(app + "#/settings");
            browser.visible("#forget-key").click();
            enterKey(readKey);
            browser.awaitText("#key-scope-current", "Read", Duration.ofSeconds(10));
            assertThat(browser.findAll("#api-keys")).as("key management needs an admin key").isEmpty();

            browser.find("a[data-nav='search']").click();
            browser.visible("#q").sendKeys("configuration", Keys.ENTER);
            browser.visible("#results li");
            assertThat(browser.find("#results li").getText()).contains(SOURCE);
            browser.snap("search-with-read-key");

            browser.find("a[data-nav='sources']").click();
            browser.visible("tr[data-source='" + sourceId + "']");
            for (String action : List.of("Refresh", "Force refresh", "Delete")) {
                WebElement button = browser.find("button[aria-label='" + action + " " + SOURCE + "']");
                assertThat(button.isEnabled()).as(action + " is disabled").isFalse();
                assertThat(button.getAttribute("title")).isEqualTo("Your key has read access; this needs an admin key (Settings).");
            }
            WebElement edit = browser.find("a[aria-label='Edit " + SOURCE + "']");
            assertThat(edit.getAttribute("href")).isNull();
            assertThat(edit.getAttribute("aria-disabled")).isEqualTo("true");
            assertThat(browser.find(".page-head a.btn.primary").getAttribute("aria-disabled")).isEqualTo("true");
            assertThat(browser.driver().findElement(By.xpath("//button[contains(., 'Refresh all')]")).isEnabled()).isFalse();
            browser.snap("sources-read-only");

            browser.open(app + "#/sources/new");
            browser.awaitText("main", "Your key has read access; creating sources needs an admin key.", Duration.ofSeconds(10));
            assertThat(browser.find("button[type='submit'].primary").isEnabled()).isFalse();
            // a 403 says which scope the action needs
            assertThat(browser.js("""
                    return import('/ui/api.js').then(m => m.api('POST', '/api/v1/sources/refresh-all'))
                      .then(() => 'allowed', e => e.message);"""))
                    .isEqualTo("Your key has read access; refreshing sources needs an admin key.");

            // live job updates with the read key: the stream is opened with a ticket, never with the key
            browser.find("a[data-nav='jobs']").click();
            browser.visible("#jobs-table tr[data-job]");
            browser.js("window.__samePage = true;");
            String firstUrl = awaitStreamUrl(null);
            assertThat(firstUrl).contains("/api/v1/jobs/events?ticket=").doesNotContain(readKey);
            // a broken stream is reopened with a fresh ticket (after the first pause of the back-off: earlier breaks
            // on a loaded machine may have lengthened it, which is not what this step checks)
            // (the streams opened from here on are noted, for the message should none other stay open)
            browser.js("const Opened = window.EventSource; window.__streamsOpened = []; "
                    + "window.EventSource = class extends Opened { constructor(u, o) { super(u, o); window.__streamsOpened.push(String(u)); } }; "
                    + "return import('/ui/api.js').then(m => { m.jobStream.attempt = 0; "
                    + "m.jobStream.source.dispatchEvent(new Event('error')); });");
            String secondUrl = awaitStreamUrl(firstUrl);
            assertThat(secondUrl).contains("/api/v1/jobs/events?ticket=").doesNotContain(readKey);

            String jobId = as(ADMIN_KEY).contentType("application/json").body(Map.of("force_refresh", true))
                    .post("/api/v1/sources/" + sourceId + "/refresh").then().statusCode(200).extract().path("job_id");
            browser.visible("tr[data-job='" + jobId + "']");
            browser.await(JOBS, "the refresh to show as completed", d ->
                    browser.findAll("tr[data-job='" + jobId + "'][data-status='completed']").isEmpty() ? null : Boolean.TRUE);
            assertThat(browser.js("return window.__samePage === true;")).as("updates arrived without a reload").isEqualTo(true);
            browser.snap("jobs-live-with-read-key");
            awaitIdle(sourceId);
        });
    }

    @Test
    @Order(4)
    void a_revoked_key_is_refused_at_the_next_step_and_revoking_from_the_ui_asks_first() {
        browser.photographed(() -> {
            as(ADMIN_KEY).delete("/api/v1/keys/" + readKeyId).then().statusCode(204);
            browser.find("a[data-nav='documents']").click();
            browser.awaitText("#notice", "Your API key was not accepted", Duration.ofSeconds(10));
            assertThat(browser.find("#notice").getText()).endsWith("Enter one in Settings.");
            assertThat(browser.js("return sessionStorage.length;")).as("the refused key is forgotten").isEqualTo(0L);
            browser.snap("revoked");

            browser.find("#notice a[href='#/settings']").click();
            enterKey(readKey);
            browser.awaitText("#api-key-error", "not accepted", Duration.ofSeconds(10));
            enterKey(ADMIN_KEY);
            browser.awaitText("#key-scope-current", "Admin", Duration.ofSeconds(10));
            browser.awaitText("tr[data-key='" + readKeyId + "']", "Revoked", Duration.ofSeconds(10));

            browser.visible("#new-key-name").sendKeys("Temporary");
            browser.find("#new-key-scope").sendKeys("admin");
            browser.find("#new-key-form button[type='submit']").click();
            String temporary = browser.visible("#new-key-value").getAttribute("value");
            as(temporary).get("/api/v1/sources").then().statusCode(200);
            String id = as(ADMIN_KEY).get("/api/v1/keys").jsonPath().<String>getList("keys.findAll { it.name == 'Temporary' }.id").get(0);
            // the keys table is reloaded after the new key is shown
            String scopeCell = "tr[data-key='" + id + "'] td[data-label='Scope']";
            browser.await(Duration.ofSeconds(10), "the new key's row with its scope",
                    d -> browser.text(scopeCell).trim().equalsIgnoreCase("admin") ? Boolean.TRUE : null);

            browser.clickButton("tr[data-key='" + id + "']", "Revoke");
            WebElement dialog = browser.visible("dialog[open]");
            assertThat(dialog.getText()).contains("Revoke \"Temporary\"?");
            dialog.findElement(By.xpath(".//button[text()='Keep it']")).click();
            as(temporary).get("/api/v1/sources").then().statusCode(200);

            browser.clickButton("tr[data-key='" + id + "']", "Revoke");
            browser.visible("dialog[open]").findElement(By.xpath(".//button[text()='Revoke key']")).click();
            browser.visible("tr[data-key='" + id + "'][data-revoked='true']");
            as(temporary).get("/api/v1/sources").then().statusCode(401);
            browser.snap("revoked-from-ui");
        });
    }

    private static RequestSpecification as(String key) {
        return given().header("X-API-Key", key);
    }

    private static String sourceId() {
        return as(ADMIN_KEY).get("/api/v1/sources").jsonPath().<String>getList("sources.findAll { it.name == '" + SOURCE + "' }.id").get(0);
    }

    private static void enterKey(String key) {
        WebElement input = browser.visible("#api-key");
        input.clear();
        input.sendKeys(key);
        browser.find("#key-form button[type='submit']").click();
    }

    /** The URL of the open job stream, once it differs from {@code previous}; on a timeout, says what the stream did. */
    private static String awaitStreamUrl(String previous) {
        try {
            return browser.await(Duration.ofSeconds(30), "a job stream other than " + previous, d -> {
                Object url = browser.js("return import('/ui/api.js').then(m => m.jobStream.source && m.jobStream.source.url);");
                return url instanceof String s && !s.equals(previous) ? s : null;
            });
        } catch (TimeoutException e) {
            Object state;
            try {
                state = browser.js("return import('/ui/api.js').then(m => JSON.stringify({ attempt: m.jobStream.attempt, "
                        + "generation: m.jobStream.generation, retryPending: m.jobStream.timer !== null, "
                        + "listeners: m.jobStream.listeners.size, open: m.jobStream.source && m.jobStream.source.readyState, "
                        + "opened: window.__streamsOpened || [] }));");
            } catch (RuntimeException unread) {
                e.addSuppressed(unread);
                state = "(could not be read)";
            }
            throw new AssertionError("no job stream other than " + previous + " within 30 s; the stream: " + state, e);
        }
    }

    private static void assertLabelled(String page) {
        Object unlabelled = browser.js("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
                  .map(e => e.id || e.name || e.outerHTML.slice(0, 60));""");
        assertThat((List<?>) unlabelled).as("controls without a label on " + page).isEmpty();
    }

    /** Waits until the source has no pending or running job. */
    private static void awaitIdle(String sourceId) throws InterruptedException {
        long deadline = System.nanoTime() + JOBS.toNanos();
        while (System.nanoTime() < deadline) {
            int busy = as(ADMIN_KEY).get("/api/v1/jobs?source_id=" + sourceId + "&status=pending").<Integer>path("total")
                    + as(ADMIN_KEY).get("/api/v1/jobs?source_id=" + sourceId + "&status=running").<Integer>path("total");
            if (busy == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("jobs of source " + sourceId + " still running after " + JOBS);
    }
}
