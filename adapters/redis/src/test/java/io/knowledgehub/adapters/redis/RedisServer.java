package io.knowledgehub.adapters.redis;

import io.knowledgehub.testkit.RedisServerProcess;
import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real redis-server for one test class ({@link RedisServerProcess}) in a temporary directory, with the clients
 * the test opens on it; closing stops the server, closes the clients and removes the directory.
 */
final class RedisServer implements AutoCloseable {

    private final RedisServerProcess process;
    private final List<JedisPooled> clients = new ArrayList<>();

    private RedisServer(RedisServerProcess process) {
        this.process = process;
    }

    static RedisServer start() {
        try {
            return new RedisServer(RedisServerProcess.start(Files.createTempDirectory("kh-redis-")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return process.url();
    }

    int port() {
        return process.port();
    }

    /** A new pooled client (a separate "process"), closed with the server. */
    synchronized JedisPooled client() {
        JedisPooled client = RedisClients.open(url());
        clients.add(client);
        return client;
    }

    void flush() {
        try (JedisPooled c = new JedisPooled("127.0.0.1", port())) {
            c.flushAll();
        }
    }

    @Override
    public synchronized void close() {
        clients.forEach(JedisPooled::close);
        clients.clear();
        process.close();
        try (Stream<Path> files = Files.walk(process.dir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
