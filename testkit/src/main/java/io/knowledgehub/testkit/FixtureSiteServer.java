package io.knowledgehub.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A documentation site on loopback for tests and benchmarks: serves the files under a folder like a plain static
 * web server does (ETag, Last-Modified, conditional GET, 404), plus custom handlers for the cases a folder cannot
 * express (redirects, 429, slow or binary answers).
 *
 * <p>Files are read again on every request, so a test may edit, add or delete fixture files between two crawls
 * and the next crawl sees the change. Every request is logged with the status it got.
 */
public final class FixtureSiteServer implements AutoCloseable {

    /**
     * One request. {@code path} is the decoded path without the query; {@code startNanos} is {@link System#nanoTime()}
     * when it arrived; {@code status} is -1 while the answer is still being written.
     */
    public record LoggedRequest(String method, String path, String query, int status, long startNanos,
                                String ifNoneMatch, String ifModifiedSince) {
    }

    /** A log entry is added when a request arrives and completed when its handler is done. */
    private static final class Entry {
        final LoggedRequest request;
        volatile int status = -1;

        Entry(LoggedRequest request) {
            this.request = request;
        }

        LoggedRequest snapshot() {
            LoggedRequest r = request;
            return new LoggedRequest(r.method(), r.path(), r.query(), status, r.startNanos(), r.ifNoneMatch(), r.ifModifiedSince());
        }
    }

    /** How long a read of the log waits for answers still being written (a client can finish reading first). */
    private static final long SETTLE_NANOS = 1_000_000_000L;

    static {
        // The JDK server leaves Nagle's algorithm on: its header and body writes then wait on the client's delayed
        // ACK, ~20 ms a request on loopback. Read once, when the server classes load, so it must be set first.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> prefixRoutes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> log = new ConcurrentLinkedQueue<>();

    private FixtureSiteServer(Path root, InetAddress address) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(address, 0), 64);
        // a thread per request: slow custom handlers must not hold up the pages served beside them
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts serving {@code root} on 127.0.0.1 on a free port. */
    public static FixtureSiteServer serve(Path root) {
        return serve(root, InetAddress.getLoopbackAddress());
    }

    /**
     * Starts serving {@code root} on another loopback address (127.0.0.2, ::1) on a free port: a site that the
     * crawler must not reach, in tests of the address guard.
     *
     * @throws IllegalArgumentException for an address that is not loopback (tests never serve on anything else)
     */
    public static FixtureSiteServer serve(Path root, InetAddress loopback) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a directory");
        }
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException(loopback + " is not a loopback address");
        }
        try {
            return new FixtureSiteServer(root, loopback);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fixture server on " + loopback, e);
        }
    }

    /** {@code http://127.0.0.1:PORT/} ({@code http://[::1]:PORT/} on IPv6) */
    public URI baseUri() {
        InetAddress address = server.getAddress().getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@link #baseUri()} resolved against {@code path}, e.g. {@code uri("guide/")}. */
    public URI uri(String path) {
        return baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public Path root() {
        return root;
    }

    /** Answers requests for exactly {@code path} (query ignored) with {@code handler} instead of a file. */
    public void route(String path, HttpHandler handler) {
        routes.put(path, handler);
    }

    public void removeRoute(String path) {
        routes.remove(path);
    }

    /**
     * Answers every request whose path starts with {@code prefix} (and has no exact {@link #route}) with
     * {@code handler}: a part of a site made up on the fly, such as a calendar with a page for every month.
     * The longest matching prefix wins.
     */
    public void routeUnder(String prefix, HttpHandler handler) {
        prefixRoutes.put(prefix, handler);
    }

    /** Paths requested so far, in the order the requests arrived. */
    public List<String> requestedPaths() {
        return requests().stream().map(LoggedRequest::path).toList();
    }

    /** Requests so far in arrival order; waits up to a second for answers still being written. */
    public List<LoggedRequest> requests() {
        settle();
        List<LoggedRequest> out = new ArrayList<>();
        for (Entry e : log) {
            out.add(e.snapshot());
        }
        return out;
    }

    public int requestCount(String path) {
        return (int) requests().stream().filter(r -> r.path().equals(path)).count();
    }

    /** How many answers had {@code status}, e.g. 304. */
    public int statusCount(int status) {
        return (int) requests().stream().filter(r -> r.status() == status).count();
    }

    /** Forgets the requests so far, after letting answers still being written finish (so none leaks into the next test). */
    public void clearLog() {
        settle();
        log.clear();
    }

    private void settle() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (log.stream().anyMatch(e -> e.status == -1) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        URI uri = exchange.getRequestURI();
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        var h = exchange.getRequestHeaders();
        Entry entry = new Entry(new LoggedRequest(exchange.getRequestMethod(), path, uri.getRawQuery(), -1, start,
                h.getFirst("If-None-Match"), h.getFirst("If-Modified-Since")));
        log.add(entry);
        try {
            HttpHandler custom = routes.get(path);
            if (custom == null) {
                custom = prefixRoutes.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
                        .max(Comparator.comparingInt(e -> e.getKey().length()))
                        .map(Map.Entry::getValue).orElse(null);
            }
            if (custom != null) {
                custom.handle(exchange);
            } else {
                serveFile(exchange, path);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or a custom handler failed: answer 500 if nothing was sent yet
            if (exchange.getResponseCode() < 0) {
                internalError(exchange);
            }
        } finally {
            // a request that never got an answer is logged with status 0
            entry.status = Math.max(0, exchange.getResponseCode());
            exchange.close();
        }
    }

    private static void internalError(HttpExchange exchange) {
        try {
            exchange.sendResponseHeaders(500, -1);
        } catch (IOException e) {
            // the connection is gone; nothing left to tell
        }
    }

    private void serveFile(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root)) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (Files.isDirectory(file)) {
            if (!path.endsWith("/")) {
                // like a real static server: relative links in the folder's index only work under "dir/"
                exchange.getResponseHeaders().set("Location", path + "/");
                exchange.sendResponseHeaders(301, -1);
                return;
            }
            file = file.resolve("index.html");
        }
        byte[] bytes;
        Instant modified;
        try {
            bytes = Files.readAllBytes(file);
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException | AccessDeniedException e) {
            send(exchange, 404, "text/html; charset=utf-8",
                    "<html><body><h1>Not found</h1></body></html>".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String etag = "\"" + sha256(bytes) + "\"";
        String lastModified = HTTP_DATE.format(modified);
        var headers = exchange.getResponseHeaders();
        headers.set("ETag", etag);
        headers.set("Last-Modified", lastModified);
        if (notModified(exchange, etag, modified)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        send(exchange, 200, contentType(file), bytes);
    }

    private static boolean notModified(HttpExchange exchange, String etag, Instant modified) {
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            // RFC 9110: If-None-Match wins over If-Modified-Since
            for (String candidate : ifNoneMatch.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return modified.getEpochSecond() <= since.getEpochSecond();
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    /** Sends a whole answer; HEAD gets the headers only. Also usable from custom handlers. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Convenience for custom handlers: an HTML answer with status 200. */
    public static HttpHandler html(String html) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        return exchange -> send(exchange, 200, "text/html; charset=utf-8", body);
    }

    /** Convenience for custom handlers: a redirect with {@code status} to {@code location}. */
    public static HttpHandler redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "xhtml" -> "application/xhtml+xml; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json";
            case "xml" -> "application/xml";
            case "txt" -> "text/plain; charset=utf-8";
            case "md", "markdown" -> "text/markdown; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "pdf" -> "application/pdf";
            case "zip" -> "application/zip";
            case "gz" -> "application/gzip";
            default -> "application/octet-stream";
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            // 16 bytes are plenty to tell versions of one file apart
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
