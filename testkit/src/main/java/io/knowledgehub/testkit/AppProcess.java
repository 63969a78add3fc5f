package io.knowledgehub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A packaged KnowledgeHub app started as its own process, as a deployment runs it: {@code java [options] -jar
 * quarkus-run.jar [args]} (or a native executable, run directly with the options and args), its settings in
 * environment variables, its output in a log file, found healthy when {@code GET /health} on its port answers 200.
 *
 * <pre>{@code
 * try (AppProcess api = AppProcess.builder(jar).name("api").port(AppProcess.freePort()).log(dir.resolve("api.log"))
 *         .javaOptions("-Xmx600m").env("KH_DATA_DIR", data.toString()).startHealthy(Duration.ofSeconds(90))) {
 *     http.send(HttpRequest.newBuilder(api.uri("/api/v1/sources")).build(), ...);
 *     api.terminate(Duration.ofSeconds(30)); // SIGTERM, as Kubernetes stops a pod
 * }
 * }</pre>
 *
 * The app's port goes to it as {@code PORT} and {@code API_PORT} (the api reads the second, the workers the first), the
 * management port as {@code MANAGEMENT_PORT}. Closing stops the process: SIGTERM, then SIGKILL after 20 s.
 */
public final class AppProcess implements AutoCloseable {

    /** The settings of the apps that a shell may hold; {@link Builder#withoutShellSettings()} leaves them out. */
    private static final Set<String> APP_SETTINGS = Set.of("DATABASE_URL", "REDIS_URL", "TRANSFORMERS_INFERENCE_API",
            "TRANSFORMERS_INFERENCE_API_KEY", "PORT", "API_PORT", "HOST", "API_HOST", "MANAGEMENT_PORT", "SECRET_KEY",
            "SEARCH_CACHE_TTL", "SCHEDULER_ENABLED");
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_LINES = 40;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private AppProcess(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** {@code executable}: a fast-jar's {@code quarkus-run.jar} (any {@code .jar}), or a native executable. */
    public static Builder builder(Path executable) {
        return new Builder(executable);
    }

    /** A port on loopback that nothing listens on now (another process may take it before the app binds it). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java launcher of this JVM, which starts the jars. */
    public static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static final class Builder {
        private final Path executable;
        private String name;
        private int port;
        private int managementPort;
        private Path log;
        private boolean appendLog;
        private Path workingDir;
        private boolean withoutShellSettings;
        private final List<String> javaOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(Path executable) {
            this.executable = executable.toAbsolutePath();
        }

        /** The name in messages (default: the executable's file name). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The HTTP port, given to the app as {@code PORT} and {@code API_PORT}; without one there is no health check. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The management port (the cluster apps' /metrics), given to the app as {@code MANAGEMENT_PORT}. */
        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** Where stdout and stderr go, replacing what the file held (default: {@code <name>.log} in the working directory). */
        public Builder log(Path file) {
            this.log = file;
            this.appendLog = false;
            return this;
        }

        /** Like {@link #log}, but appending to what the file holds. */
        public Builder appendLog(Path file) {
            this.log = file;
            this.appendLog = true;
            return this;
        }

        /** The process's working directory (default: this JVM's). */
        public Builder workingDir(Path dir) {
            this.workingDir = dir;
            return this;
        }

        /** Options of the JVM ({@code -Xmx600m}, {@code --add-modules ...}, {@code -Dkey=value}), before {@code -jar}. */
        public Builder javaOptions(String... options) {
            return javaOptions(List.of(options));
        }

        public Builder javaOptions(List<String> options) {
            javaOptions.addAll(options);
            return this;
        }

        /** Arguments of the app, after the jar. */
        public Builder args(String... arguments) {
            args.addAll(List.of(arguments));
            return this;
        }

        /** An environment variable on top of this JVM's environment; a later one of the same name wins. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /**
         * Leaves this JVM's app settings out of the process's environment ({@code KH_*}, {@code QUARKUS_*},
         * {@code WEAVIATE_*}, {@code DATABASE_URL}, {@code REDIS_URL}, the ports and hosts, ...): the app gets only
         * those set here.
         */
        public Builder withoutShellSettings() {
            this.withoutShellSettings = true;
            return this;
        }

        /** Starts the process and returns at once; see {@link AppProcess#awaitHealthy}. */
        public AppProcess start() {
            if (!Files.isRegularFile(executable)) {
                throw new IllegalStateException(executable + " is missing: package the app first (./mvnw -DskipTests package)");
            }
            String appName = name != null ? name : executable.getFileName().toString();
            Path dir = workingDir != null ? workingDir : Path.of("").toAbsolutePath();
            Path logFile = log != null ? log : dir.resolve(appName + ".log");
            List<String> command = new ArrayList<>();
            if (executable.getFileName().toString().endsWith(".jar")) {
                command.add(javaCommand());
                command.addAll(javaOptions);
                command.addAll(List.of("-jar", executable.toString()));
            } else {
                command.add(executable.toString());
                command.addAll(javaOptions);
            }
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(logFile.toFile()) : ProcessBuilder.Redirect.to(logFile.toFile()));
            if (workingDir != null) {
                pb.directory(workingDir.toFile());
            }
            Map<String, String> e = pb.environment();
            if (withoutShellSettings) {
                e.keySet().removeIf(k -> k.startsWith("KH_") || k.startsWith("QUARKUS_") || k.startsWith("WEAVIATE_")
                        || APP_SETTINGS.contains(k));
            }
            e.putAll(env);
            if (port > 0) {
                e.put("PORT", Integer.toString(port));
                e.put("API_PORT", Integer.toString(port));
            }
            if (managementPort > 0) {
                e.put("MANAGEMENT_PORT", Integer.toString(managementPort));
            }
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                return new AppProcess(appName, pb.start(), port, managementPort, logFile);
            } catch (IOException ex) {
                throw new UncheckedIOException("could not start " + appName + " (" + command + ")", ex);
            }
        }

        /** Starts the process and waits until it is healthy; stops it again and fails (with its log's tail) when it is not. */
        public AppProcess startHealthy(Duration timeout) throws InterruptedException {
            AppProcess app = start();
            try {
                app.awaitHealthy(timeout);
            } catch (RuntimeException | InterruptedException e) {
                app.kill();
                throw e;
            }
            return app;
        }
    }

    /** A process that ended at start, or whose /health did not answer 200 in time. The message ends with its log's tail. */
    public static final class NotHealthyException extends IllegalStateException {
        private final Integer exitValue;
        private final String lastAnswer;

        NotHealthyException(String message, Integer exitValue, String lastAnswer) {
            super(message);
            this.exitValue = exitValue;
            this.lastAnswer = lastAnswer;
        }

        /** The exit code of a process that ended at start; null when it still runs. */
        public Integer exitValue() {
            return exitValue;
        }

        /** What /health answered last ({@code 503 {...}}, or the connection error). */
        public String lastAnswer() {
            return lastAnswer;
        }
    }

    /**
     * Polls {@code GET /health} until it answers 200; fails when the process ends first or {@code timeout} passes (the
     * process is left as it is).
     */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        if (port <= 0) {
            throw new IllegalStateException(name + " has no port to check");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new NotHealthyException(name + " stopped at start (exit " + process.exitValue() + "):\n" + tail(TAIL_LINES),
                        process.exitValue(), last);
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
            Thread.sleep(200);
        }
        throw new NotHealthyException(name + " not healthy within " + timeout.toSeconds() + " s (" + last + "):\n" + tail(TAIL_LINES),
                null, last);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path} (which starts with a slash). */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The same on the management port. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** For CPU accounting and the like. */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; fails while the process runs. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The process's peak resident memory in KiB ({@code VmHWM} of /proc), or -1 when it is not known (ended, not Linux). */
    public long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits for the process to end by itself; its exit code. After {@code timeout} it is killed and the call fails. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException(name + " did not exit within " + timeout.toSeconds() + " s:\n" + tail(TAIL_LINES));
        }
        return process.exitValue();
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: waits up to {@code timeout} for the process to end by itself (it is killed
     * after that and the call fails); how long it took.
     */
    public Duration terminate(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException(name + " did not stop within " + timeout.toSeconds() + " s of SIGTERM:\n" + tail(TAIL_LINES));
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code kill -9}: the process gets no chance to flush, commit or hand anything back. Returns once it has ended. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") still runs 30 s after SIGKILL");
        }
    }

    /** Stops the process if it runs: SIGTERM, SIGKILL after {@code grace}. Does not throw; see {@link #stopAll}. */
    public void stop(Duration grace) {
        stopAll(List.of(this), grace);
    }

    /** Stops the process if it runs: SIGTERM, SIGKILL after 20 s. */
    @Override
    public void close() {
        stop(CLOSE_GRACE);
    }

    /**
     * Stops them all at once: SIGTERM to each, then SIGKILL to those still running after {@code grace}. Does not throw
     * (also for shutdown hooks); an interrupt kills what is left and is kept on the thread.
     */
    public static void stopAll(Collection<AppProcess> apps, Duration grace) {
        List<AppProcess> running = apps.stream().filter(AppProcess::isAlive).toList();
        running.forEach(a -> a.process.destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        for (AppProcess a : running) {
            if (interrupted) {
                a.process.destroyForcibly();
                continue;
            }
            try {
                if (!a.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    a.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                a.process.destroyForcibly();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (port > 0 ? ", port " + port : "") + ")";
    }
}
