package io.knowledgehub.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real processes: a tiny HTTP app compiled and packaged into a jar here, and the JDK's jwebserver as an executable. */
class AppProcessTest {

    /** Serves /health (200, or 503 in mode "unhealthy") on API_PORT; other modes end at start or ignore SIGTERM. */
    private static final String TINY_APP = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.file.Path;

            public class TinyApp {
                public static void main(String[] args) throws Exception {
                    String mode = args.length > 0 ? args[0] : "serve";
                    System.out.println("mode=" + mode + " dir=" + Path.of("").toAbsolutePath() + " GREETING=" + System.getenv("GREETING")
                            + " PORT=" + System.getenv("PORT") + " API_PORT=" + System.getenv("API_PORT")
                            + " MANAGEMENT_PORT=" + System.getenv("MANAGEMENT_PORT") + " prop=" + System.getProperty("tiny.prop")
                            + " heap-mib=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
                    switch (mode) {
                        case "fail" -> {
                            System.out.println("cannot start: the index is locked");
                            System.exit(3);
                        }
                        case "exit" -> System.exit(7);
                        case "stubborn" -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            try {
                                Thread.sleep(60_000);
                            } catch (InterruptedException e) {
                                // ends
                            }
                        }));
                        default -> { }
                    }
                    int status = mode.equals("unhealthy") ? 503 : 200;
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("API_PORT"))), 0);
                    server.createContext("/health", exchange -> {
                        byte[] body = (status == 200 ? "{\\"status\\":\\"healthy\\"}" : "{\\"status\\":\\"starting\\"}").getBytes();
                        exchange.sendResponseHeaders(status, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path shared;
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void packageTinyApp() throws Exception {
        Path src = Files.createDirectories(shared.resolve("src"));
        Path classes = Files.createDirectories(shared.resolve("classes"));
        Files.writeString(src.resolve("TinyApp.java"), TINY_APP);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.resolve("TinyApp.java").toString());
        assertThat(rc).as("javac of the tiny app").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "TinyApp");
        jar = shared.resolve("tiny-app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("TinyApp.class"));
            out.write(Files.readAllBytes(classes.resolve("TinyApp.class")));
            out.closeEntry();
        }
    }

    @Test
    void starts_the_jar_with_its_settings_waits_until_healthy_and_stops_it_with_sigterm() throws Exception {
        int port = AppProcess.freePort();
        int management = AppProcess.freePort();
        Path log = dir.resolve("logs/api.log");
        try (AppProcess app = AppProcess.builder(jar).name("api").port(port).managementPort(management).log(log).workingDir(dir)
                .javaOptions("-Xmx64m", "-Dtiny.prop=set").env("GREETING", "overridden").env("GREETING", "hello")
                .args("serve").startHealthy(Duration.ofSeconds(30))) {
            assertThat(app.isAlive()).isTrue();
            assertThat(app.uri("/health")).isEqualTo(URI.create("http://127.0.0.1:" + port + "/health"));
            assertThat(app.managementUri("/metrics")).isEqualTo(URI.create("http://127.0.0.1:" + management + "/metrics"));
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(app.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(app.log()).isEqualTo(log);
            assertThat(Files.readString(log)).contains("mode=serve", "dir=" + dir.toRealPath(), "GREETING=hello", "PORT=" + port,
                    "API_PORT=" + port, "MANAGEMENT_PORT=" + management, "prop=set");
            assertThat(heapMib(log)).isLessThanOrEqualTo(64);
            assertThat(app.pid()).isEqualTo(app.toHandle().pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(app.peakRssKiB()).isPositive();

            Duration took = app.terminate(Duration.ofSeconds(20));

            assertThat(took).isLessThan(Duration.ofSeconds(20));
            assertThat(app.isAlive()).isFalse();
            assertThat(app.exitValue()).as("a JVM ended by SIGTERM").isEqualTo(143);
        }
    }

    @Test
    void a_new_log_replaces_the_old_one_and_an_appended_log_keeps_it() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "an earlier run\n");
        try (AppProcess app = AppProcess.builder(jar).appendLog(log).args("exit").start()) {
            assertThat(app.waitFor(Duration.ofSeconds(30))).isEqualTo(7);
        }
        assertThat(Files.readString(log)).startsWith("an earlier run\n").contains("mode=exit");
        try (AppProcess app = AppProcess.builder(jar).log(log).args("exit").start()) {
            app.waitFor(Duration.ofSeconds(30));
        }
        assertThat(Files.readString(log)).startsWith("mode=exit").doesNotContain("an earlier run");
    }

    @Test
    void an_app_without_a_port_runs_to_its_end_and_gives_its_exit_code() throws Exception {
        try (AppProcess once = AppProcess.builder(jar).name("once").workingDir(dir).args("exit").start()) {
            assertThat(once.waitFor(Duration.ofSeconds(30))).isEqualTo(7);
            assertThat(once.log()).isEqualTo(dir.resolve("once.log"));
            assertThat(Files.readString(once.log())).contains("PORT=null", "MANAGEMENT_PORT=null");
        }
    }

    @Test
    void an_app_that_stops_at_start_fails_with_its_exit_code_and_the_tail_of_its_log() {
        assertThatThrownBy(() -> AppProcess.builder(jar).name("indexer-2").port(AppProcess.freePort()).log(dir.resolve("i.log"))
                .args("fail").startHealthy(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(AppProcess.NotHealthyException.class, e -> assertThat(e.exitValue()).isEqualTo(3))
                .hasMessageContaining("indexer-2 stopped at start (exit 3)")
                .hasMessageContaining("cannot start: the index is locked");
    }

    @Test
    void an_app_whose_health_does_not_answer_200_in_time_fails_with_its_last_answer_and_keeps_running() throws Exception {
        try (AppProcess app = AppProcess.builder(jar).name("api").port(AppProcess.freePort()).log(dir.resolve("api.log"))
                .args("unhealthy").start()) {
            assertThatThrownBy(() -> app.awaitHealthy(Duration.ofSeconds(3)))
                    .isInstanceOfSatisfying(AppProcess.NotHealthyException.class, e -> {
                        assertThat(e.exitValue()).isNull();
                        assertThat(e.lastAnswer()).startsWith("503 ").contains("starting");
                    })
                    .hasMessageContaining("api not healthy within 3 s (503 ")
                    .hasMessageContaining("mode=unhealthy");
            assertThat(app.isAlive()).isTrue();
        }
    }

    @Test
    void terminate_kills_an_app_that_does_not_stop_on_sigterm_and_fails() throws Exception {
        try (AppProcess app = AppProcess.builder(jar).name("crawler").port(AppProcess.freePort()).log(dir.resolve("crawler.log"))
                .args("stubborn").startHealthy(Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> app.terminate(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("crawler did not stop within 1 s of SIGTERM");
            assertThat(app.isAlive()).isFalse();
        }
    }

    @Test
    void kill_ends_the_app_at_once() throws Exception {
        try (AppProcess app = AppProcess.builder(jar).port(AppProcess.freePort()).log(dir.resolve("app.log"))
                .args("stubborn").startHealthy(Duration.ofSeconds(30))) {
            long t0 = System.nanoTime();
            app.kill();
            assertThat(app.isAlive()).isFalse();
            assertThat(app.exitValue()).as("SIGKILL").isEqualTo(137);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void stopAll_stops_every_app_and_kills_those_that_ignore_sigterm() throws Exception {
        AppProcess polite = AppProcess.builder(jar).port(AppProcess.freePort()).log(dir.resolve("polite.log")).start();
        AppProcess stubborn = AppProcess.builder(jar).port(AppProcess.freePort()).log(dir.resolve("stubborn.log")).args("stubborn").start();
        polite.awaitHealthy(Duration.ofSeconds(30));
        stubborn.awaitHealthy(Duration.ofSeconds(30));

        AppProcess.stopAll(List.of(polite, stubborn), Duration.ofSeconds(2));

        assertThat(polite.isAlive()).isFalse();
        assertThat(polite.exitValue()).isEqualTo(143);
        assertThat(stubborn.isAlive()).isFalse();
        assertThat(stubborn.exitValue()).isEqualTo(137);
    }

    @Test
    void runs_a_native_executable_directly_with_its_options_and_args() throws Exception {
        Path jwebserver = Path.of(System.getProperty("java.home"), "bin", "jwebserver");
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("health"), "ok");
        int port = AppProcess.freePort();
        try (AppProcess web = AppProcess.builder(jwebserver).port(port).log(dir.resolve("web.log"))
                .javaOptions("-J-Xmx64m").args("-b", "127.0.0.1", "-p", Integer.toString(port), "-d", site.toString())
                .startHealthy(Duration.ofSeconds(30))) {
            assertThat(web.name()).isEqualTo("jwebserver");
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(web.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok");
            web.close();
            assertThat(web.isAlive()).isFalse();
        }
    }

    @Test
    void a_missing_jar_fails_before_anything_starts() {
        assertThatThrownBy(() -> AppProcess.builder(dir.resolve("api/target/quarkus-app/quarkus-run.jar")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus-run.jar is missing");
    }

    private static long heapMib(Path log) throws Exception {
        String text = Files.readString(log);
        return Long.parseLong(text.replaceAll("(?s).*heap-mib=(\\d+).*", "$1"));
    }
}
