package io.knowledgehub.clusterit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged KnowledgeHub app started as its own process ({@code java -jar .../quarkus-run.jar}) with the
 * environment a deployment gives it; its output goes to {@code <work>/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    /** The management port (MANAGEMENT_PORT): the cluster api's /metrics; every process gets its own. */
    final int managementPort;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code jar} (a fast-jar's quarkus-run.jar, or a native executable) with {@code env} (on top of this JVM's
     * environment) and waits until /health answers 200.
     */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> env, Path work, String... args)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the apps first (./mvnw install builds them "
                    + "before this module)");
        }
        Path dataDir = Files.createDirectories(work.resolve(name + "-data"));
        Path tmp = Files.createDirectories(work.resolve(name + "-tmp"));
        Path log = work.resolve(name + ".log");
        // a Quarkus fast-jar, or a native executable (the native CI job points kh.it.<app>-jar at one)
        List<String> command = jar.toString().endsWith(".jar")
                ? new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx400m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--add-modules", "jdk.incubator.vector",
                        "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()))
                : new ArrayList<>(List.of(jar.toString(), "-Xmx400m", "-Djava.io.tmpdir=" + tmp));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the fixture sites are on 127.0.0.1: the crawler may reach exactly that, nothing else on this machine
        pb.environment().put("KH_CRAWLER_ALLOWED_NETWORKS", "127.0.0.1/32");
        pb.environment().putAll(env);
        pb.environment().put("KH_DATA_DIR", dataDir.toString());
        if (port > 0) {
            pb.environment().put("PORT", Integer.toString(port));
            pb.environment().put("API_PORT", Integer.toString(port));
        }
        int managementPort = freePort();
        pb.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        ServiceProcess service = new ServiceProcess(name, port, managementPort, log, pb.start());
        if (port > 0) {
            service.awaitHealthy(Duration.ofSeconds(120));
        }
        return service;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped at start (exit " + process.exitValue() + "):\n" + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout.toSeconds() + " s (" + last + "):\n" + tail());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not exit within " + timeout.toSeconds() + " s:\n" + tail());
        }
        return process.exitValue();
    }

    /** kill -9: the process gets no chance to hand its work back. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: waits up to {@code timeout} for the process to end by itself (it is killed
     * after that and the call fails); how long it took.
     */
    Duration terminate(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within " + timeout.toSeconds() + " s of SIGTERM:\n" + tail());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
