package io.knowledgehub.api.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through the machine's chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}; other paths via {@code KH_CHROMIUM} / {@code KH_CHROMEDRIVER}). Every step is
 * photographed into {@code target/ui-screenshots/<test>/}; the photos are deleted when the test passes and kept
 * as artefacts when it fails.
 *
 * <p>Every page also reports what went wrong inside it: Content-Security-Policy violations (a
 * {@code securitypolicyviolation} listener installed before any page script runs), uncaught errors and
 * rejections, and the browser console's errors; {@link #assertNoPageProblems()} fails a test on any of them.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    /** Installed in every document before its own scripts: collects CSP violations and uncaught errors. */
    private static final String WATCH = """
            window.__pageProblems = [];
            document.addEventListener('securitypolicyviolation', e => window.__pageProblems.push(
              'CSP violation: ' + e.violatedDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber
              + (e.sample ? ' (' + e.sample + ')' : '')));
            window.addEventListener('error', e => window.__pageProblems.push('uncaught error: ' + e.message + ' at ' + e.filename + ':' + e.lineno));
            window.addEventListener('unhandledrejection', e => window.__pageProblems.push('unhandled rejection: ' + (e.reason && e.reason.stack || e.reason)));
            """;

    private final ChromeDriver driver;
    private final Path userData;
    private final List<String> problems = new ArrayList<>();
    private Path shots;
    private int step;

    private Browser(ChromeDriver driver, Path userData) {
        this.driver = driver;
        this.userData = userData;
    }

    static Browser start() {
        String chromium = env("KH_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = env("KH_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("The web UI tests need Chromium and its driver: install them with "
                    + "'apt-get install chromium chromium-driver' (or set KH_CHROMIUM and KH_CHROMEDRIVER). Looked for "
                    + chromium + " and " + chromedriver + ".");
        }
        try {
            Path userData = Files.createTempDirectory("kh-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            // the machine has no network beyond loopback: background services of the browser are switched off
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + userData);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
            return new Browser(driver, userData);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    WebDriver driver() {
        return driver;
    }

    /** Starts the photo folder of one test. */
    void beginTest(String name) {
        shots = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9_-]", "_"));
        step = 0;
        deleteTree(shots);
    }

    /** Photographs the page as it is now, as the next step of the current test. */
    void snap(String what) {
        if (shots == null) {
            return;
        }
        try {
            Files.createDirectories(shots);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(shots.resolve(String.format("%02d-%s.png", ++step, what.replaceAll("[^A-Za-z0-9_-]", "_"))), png);
        } catch (IOException | RuntimeException e) {
            // a failed photo must not hide the test's own outcome
        }
    }

    /** Keeps the photos when the test failed (or with {@code -Dui-tests.keep-screenshots=true}), else deletes them. */
    /** A test's steps, as {@link #photographed} runs them. */
    interface Steps {
        void run() throws Exception;
    }

    /** Runs a test's steps and fails on any problem the pages reported; the step photos are kept only on failure. */
    void photographed(Steps steps) {
        boolean failed = true;
        try {
            steps.run();
            assertNoPageProblems();
            failed = false;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            endTest(failed);
        }
    }

    void endTest(boolean failed) {
        if (failed) {
            snap("failure");
        } else if (shots != null && !Boolean.getBoolean("ui-tests.keep-screenshots")) {
            deleteTree(shots);
        }
        shots = null;
    }

    void open(String url) {
        collectProblems();
        driver.get(url);
    }

    /**
     * Fails when a page shown since the last call violated the Content-Security-Policy, threw, or logged an error
     * to the console. Answers the server gives with an error status (a 401 before a key is entered, a 400 for a
     * bad form) are expected and not counted; they are logged by the browser as "Failed to load resource".
     */
    void assertNoPageProblems() {
        collectProblems();
        List<String> found = List.copyOf(problems);
        problems.clear();
        if (!found.isEmpty()) {
            throw new AssertionError("The page reported problems:\n  " + String.join("\n  ", found));
        }
    }

    private void collectProblems() {
        try {
            Object listed = js("const p = window.__pageProblems || []; window.__pageProblems = []; return p;");
            if (listed instanceof List<?> list) {
                list.forEach(p -> problems.add(String.valueOf(p)));
            }
        } catch (RuntimeException e) {
            // no document yet (about:blank before the first page)
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !entry.getMessage().contains("Failed to load resource")) {
                problems.add("console: " + entry.getMessage());
            }
        }
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    <T> T await(Duration timeout, String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what).until(condition);
    }

    /** The element once it is displayed (live rows are redrawn as updates arrive: one replaced meanwhile is looked up again). */
    WebElement visible(String css) {
        return await(Duration.ofSeconds(15), "element " + css + " to be visible", d -> {
            try {
                List<WebElement> found = d.findElements(By.cssSelector(css));
                return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /**
     * Clicks the button labelled {@code text} inside the element matching {@code css}. Live rows are redrawn as
     * updates arrive, so a click that lands on a row just replaced is tried again on the new one.
     */
    void clickButton(String css, String text) {
        await(Duration.ofSeconds(10), "button \"" + text + "\" in " + css, d -> {
            try {
                d.findElement(By.cssSelector(css)).findElement(By.xpath(".//button[text()='" + text + "']")).click();
                return Boolean.TRUE;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return null;
            }
        });
    }

    /**
     * Waits until the page's text (as the user sees it) contains {@code text}. Live parts are redrawn as updates
     * arrive and the router replaces the page on navigation: an element replaced between the lookup and the read is
     * looked up again.
     */
    void awaitText(String css, String text, Duration timeout) {
        await(timeout, "\"" + text + "\" in " + css, d -> {
            try {
                List<WebElement> found = d.findElements(By.cssSelector(css));
                return found.stream().anyMatch(e -> e.getText().contains(text)) ? Boolean.TRUE : null;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /**
     * The text the user sees in the first element matching {@code css} ("" when there is none), read in one go in
     * the page, so that a live redraw cannot replace the element between its lookup and the read.
     */
    String text(String css) {
        Object text = js("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
        return text == null ? "" : text.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(userData);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in target/ or the temp folder are harmless
        }
    }
}
