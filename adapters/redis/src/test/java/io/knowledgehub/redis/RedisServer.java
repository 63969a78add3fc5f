package io.knowledgehub.redis;

import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server for one test class, on a free loopback port, without persistence. The binary is
 * {@code /usr/bin/redis-server} unless {@code -Dkh.redis-server=PATH} says otherwise; when it is missing the
 * tests fail (they are not skipped): the Redis adapters are only tested against a real server.
 */
final class RedisServer implements AutoCloseable {

    private static final String BINARY = System.getProperty("kh.redis-server", "/usr/bin/redis-server");

    private final Process process;
    private final Path dir;
    private final int port;
    private final List<JedisPooled> clients = new ArrayList<>();

    private RedisServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static RedisServer start() {
        Path binary = Path.of(BINARY);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("The Redis adapter tests need a real redis-server, and none is at " + binary
                    + ". Install it (Debian/Ubuntu: apt-get install redis-server) or point -Dkh.redis-server=PATH at one.");
        }
        IllegalStateException last = null;
        for (int tries = 0; tries < 3; tries++) {
            try {
                return launch(binary, freePort());
            } catch (IllegalStateException e) {
                last = e; // the port was taken in between: try another
            }
        }
        throw last;
    }

    private static RedisServer launch(Path binary, int port) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kh-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("redis.log");
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary + ": " + e.getMessage(), e);
        }
        RedisServer server = new RedisServer(process, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (!process.isAlive()) {
                String output = read(log);
                server.close();
                throw new IllegalStateException("redis-server stopped at start on port " + port + ":\n" + output);
            }
            try (JedisPooled probe = new JedisPooled("127.0.0.1", port)) {
                if ("PONG".equals(probe.ping())) {
                    return server;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                String output = read(log);
                server.close();
                throw new IllegalStateException("redis-server did not answer PING within 15 s on port " + port + ":\n" + output);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while redis-server started", e);
            }
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

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    int port() {
        return port;
    }

    /** A new pooled client (a separate "process"), closed with the server. */
    synchronized JedisPooled client() {
        JedisPooled client = RedisClients.open(url());
        clients.add(client);
        return client;
    }

    void flush() {
        try (JedisPooled c = new JedisPooled("127.0.0.1", port)) {
            c.flushAll();
        }
    }

    @Override
    public synchronized void close() {
        clients.forEach(JedisPooled::close);
        clients.clear();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
