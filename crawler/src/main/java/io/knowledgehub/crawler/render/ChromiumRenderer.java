package io.knowledgehub.crawler.render;

import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.crawler.fetch.DeniedHosts;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Renders pages of one crawl in headless Chromium and hands back the DOM after the page's scripts ran
 * ({@code --dump-dom} after a virtual-time budget). Each page gets its own Chromium process and profile
 * directory, removed afterwards; at most {@code concurrency} run at once across all crawls (the shared
 * {@link Semaphore}); a page that takes longer than the page timeout is killed and fails.
 *
 * <p>Chromium reaches the network only through this crawl's {@link GuardedProxy} (loopback included: the
 * {@code <-loopback>} bypass rule takes loopback out of Chromium's built-in bypass list), and its own host
 * resolver maps every name to "not found", so nothing it loads can reach an address the crawler refuses.
 * Thread-safe; {@link #close()} stops the proxy.
 */
public final class ChromiumRenderer implements AutoCloseable {

    private final ChromiumSettings settings;
    private final Semaphore slots;
    private final GuardedProxy proxy;
    private final long maxBytes;

    /**
     * @param slots    shared by every renderer of the process: pages rendered at once
     * @param denied   where refused hosts are reported
     * @param maxBytes a DOM larger than this fails the page
     */
    public ChromiumRenderer(ChromiumSettings settings, Semaphore slots, AddressGuard guard, DeniedHosts denied,
                            Duration connectTimeout, long maxBytes) throws IOException {
        this.settings = settings;
        this.slots = slots;
        this.maxBytes = maxBytes;
        this.proxy = new GuardedProxy(guard, denied, connectTimeout);
    }

    /** The proxy every Chromium of this renderer goes through. */
    public GuardedProxy proxy() {
        return proxy;
    }

    /**
     * @param url an absolute http(s) URL the crawler already checked and fetched
     * @return the serialised DOM after the scripts ran
     * @throws IOException when Chromium cannot start, fails, times out or writes nothing
     */
    public String render(String url) throws IOException, InterruptedException {
        slots.acquire();
        Path profile = Files.createTempDirectory("kh-render");
        Process process = null;
        try {
            process = new ProcessBuilder(command(profile, url))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Process p = process;
            CompletableFuture<byte[]> dom = CompletableFuture.supplyAsync(() -> readCapped(p.getInputStream()),
                    r -> Thread.ofVirtual().start(r));
            byte[] out;
            try {
                out = dom.get(settings.pageTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new InterruptedIOException("Chromium took longer than " + settings.pageTimeout().toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                throw new IOException("Chromium did not exit after writing the page");
            }
            if (p.exitValue() != 0 || out.length == 0) {
                throw new IOException("Chromium exited with status " + p.exitValue() + (out.length == 0 ? " and no page" : ""));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            if (process != null) {
                kill(process);
            }
            deleteTree(profile);
            slots.release();
        }
    }

    List<String> command(Path profile, String url) {
        List<String> cmd = new ArrayList<>(List.of(settings.path().toString(),
                "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-sync", "--disable-default-apps",
                "--disable-background-networking", "--disable-component-update", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile,
                // every request goes through the guarded proxy, loopback included
                "--proxy-server=http://127.0.0.1:" + proxy.port(),
                "--proxy-bypass-list=<-loopback>",
                // Chromium resolves no name itself (the proxy does, through the address guard)
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                // WebRTC may not use UDP outside the proxy
                "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                "--virtual-time-budget=" + settings.scriptBudget().toMillis(),
                "--dump-dom"));
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium refuses to start its sandbox as root (containers); the proxy still confines its network
            cmd.add(1, "--no-sandbox");
        }
        cmd.add(url);
        return cmd;
    }

    private byte[] readCapped(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new IllegalStateException("the rendered page is larger than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("could not read Chromium's output: " + e.getMessage(), e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
