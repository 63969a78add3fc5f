package io.knowledgehub.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for tests: a free loopback port, no persistence, its output in {@code redis.log} of its
 * directory. The binary is {@code /usr/bin/redis-server} (the Debian package) unless {@code -Dkh.redis-server=PATH}
 * says otherwise; when it is missing the test fails with a message saying so; it is never skipped.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final long START_SECONDS = 15;

    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServerProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts the configured binary; its files and log go to {@code dir} (created if needed). */
    public static RedisServerProcess start(Path dir) {
        return start(Path.of(System.getProperty("kh.redis-server", "/usr/bin/redis-server")), dir);
    }

    /** Starts {@code binary}; its files and log go to {@code dir} (created if needed). */
    public static RedisServerProcess start(Path binary, Path dir) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("This test needs a real redis-server, and none is at " + binary
                    + ". Install it (Debian/Ubuntu: apt-get install redis-server) or point -Dkh.redis-server=PATH at one.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int tries = 0; tries < 3; tries++) {
            try {
                return launch(binary, dir, freePort());
            } catch (IllegalStateException e) {
                last = e; // the port was taken in between: try another
            }
        }
        throw last;
    }

    /**
     * Starts the configured binary on {@code port} (loopback): a Redis that comes back where a stopped one was, as after
     * an outage, empty (no persistence). Fails when the port is taken.
     */
    public static RedisServerProcess start(Path dir, int port) {
        Path binary = Path.of(System.getProperty("kh.redis-server", "/usr/bin/redis-server"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("This test needs a real redis-server, and none is at " + binary
                    + ". Install it (Debian/Ubuntu: apt-get install redis-server) or point -Dkh.redis-server=PATH at one.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch(binary, dir, port);
    }

    private static RedisServerProcess launch(Path binary, Path dir, int port) {
        Path log = dir.resolve("redis.log");
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary + ": " + e.getMessage(), e);
        }
        RedisServerProcess server = new RedisServerProcess(process, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!server.answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("redis-server did not answer PING within " + START_SECONDS
                        + " s on port " + port + ":\n" + read(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while redis-server started", e);
            }
        }
        return server;
    }

    private boolean answersPing() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT/0}, as {@code REDIS_URL} takes it. */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public Path dir() {
        return dir;
    }

    /** The server process: for CPU accounting or a caller's own shutdown handling. */
    public Process process() {
        return process;
    }

    /** Stops the server (its directory stays: the caller owns it). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
