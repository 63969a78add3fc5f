package io.knowledgehub.clusterit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server ({@code /usr/bin/redis-server}, the Debian package, or {@code -Dkh.redis-server=PATH}) on a loopback
 * port, without persistence. A missing binary fails the tests with a message; they are never skipped.
 */
final class LocalRedis implements AutoCloseable {

    private final Process process;
    final int port;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalRedis start(int port, Path work) throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("kh.redis-server", "/usr/bin/redis-server"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("The cluster integration tests need a real redis-server and none is at " + binary
                    + ". Install it (apt-get install redis-server) or point -Dkh.redis-server=PATH at one.");
        }
        Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no").directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new LocalRedis(p, port);
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port + "; see " + work.resolve("redis.log"));
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
