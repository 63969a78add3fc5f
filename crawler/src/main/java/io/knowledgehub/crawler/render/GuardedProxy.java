package io.knowledgehub.crawler.render;

import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.DeniedAddressException;
import io.knowledgehub.crawler.fetch.DeniedHosts;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only way out for Chromium: a small HTTP proxy on 127.0.0.1 that resolves the host of every request (and of
 * every CONNECT tunnel) through the crawler's {@link AddressGuard} and connects only to an address the guard
 * returned, so a rendered page, its scripts, images and XHRs reach exactly what the crawler itself may reach.
 * A refused or unknown host gets 403 and no connection is made; anything that is not an {@code http://} request
 * or a CONNECT gets 400.
 *
 * <p>Plain HTTP requests are sent upstream one per connection ({@code Connection: close}); a CONNECT becomes a
 * byte tunnel to the checked address (TLS is end to end between Chromium and the site). One virtual thread per
 * connection; {@link #close()} stops accepting and closes every open connection.
 */
public final class GuardedProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuardedProxy.class);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final byte[] FORBIDDEN = ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 48\r\nConnection: close\r\n\r\nthe crawler does not connect to this address\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_GATEWAY = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> HOP_HEADERS = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authorization", "te", "trailer", "upgrade");

    private final AddressGuard guard;
    private final DeniedHosts denied;
    private final int connectTimeoutMillis;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread acceptor;

    /**
     * Starts listening on 127.0.0.1 on a free port.
     *
     * @param denied where refused hosts are reported (logged once per crawl)
     */
    public GuardedProxy(AddressGuard guard, DeniedHosts denied, Duration connectTimeout) throws IOException {
        this.guard = guard;
        this.denied = denied;
        this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("kh-render-proxy").start(this::acceptLoop);
    }

    /** The port on 127.0.0.1 to give Chromium as {@code --proxy-server=http://127.0.0.1:PORT}. */
    public int port() {
        return server.getLocalPort();
    }

    /** Requests refused so far (the host resolves to a refused address or does not resolve). */
    public int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("kh-render-proxy-conn").start(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debugf("render proxy: accept failed: %s", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            client.setSoTimeout(connectTimeoutMillis * 6);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head == null || head.isEmpty()) {
                return;
            }
            String[] requestLine = head.getFirst().split(" ");
            if (requestLine.length != 3) {
                out.write(BAD_REQUEST);
                return;
            }
            String method = requestLine[0];
            boolean connect = method.equalsIgnoreCase("CONNECT");
            Target target = connect ? Target.authority(requestLine[1]) : Target.absolute(requestLine[1]);
            if (target == null) {
                out.write(BAD_REQUEST);
                return;
            }
            InetAddress address = check(target, connect ? "https://" + requestLine[1] + "/" : requestLine[1]);
            if (address == null) {
                out.write(FORBIDDEN);
                return;
            }
            upstream = new Socket();
            open.add(upstream);
            try {
                upstream.connect(new InetSocketAddress(address, target.port()), connectTimeoutMillis);
            } catch (IOException e) {
                out.write(BAD_GATEWAY);
                return;
            }
            client.setSoTimeout(0);
            if (connect) {
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Socket up = upstream;
                Thread back = Thread.ofVirtual().start(() -> pipe(in, up));
                pipe(up.getInputStream(), client);
                back.join(1000);
            } else {
                forward(method, target, requestLine[2], head, in, upstream);
                pipe(upstream.getInputStream(), client);
            }
        } catch (IOException e) {
            LOG.debugf("render proxy: connection ended: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
            if (upstream != null) {
                open.remove(upstream);
                closeQuietly(upstream);
            }
        }
    }

    /** The checked address to connect to, or null (refused, counted and reported). */
    private InetAddress check(Target target, String url) {
        try {
            return guard.resolve(target.host()).getFirst();
        } catch (DeniedAddressException e) {
            refused.incrementAndGet();
            denied.report(url, e);
            return null;
        } catch (UnknownHostException | RuntimeException e) {
            refused.incrementAndGet();
            return null;
        }
    }

    /** Sends the request upstream in origin form, one request per connection, with its body when it has a length. */
    private static void forward(String method, Target target, String version, List<String> head, InputStream in,
                                Socket upstream) throws IOException {
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(target.pathAndQuery()).append(' ').append(version).append("\r\n");
        long length = 0;
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(name)) {
                continue;
            }
            if (name.equals("content-length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
            if (name.equals("transfer-encoding")) {
                throw new IOException("chunked request bodies are not forwarded");
            }
            req.append(line).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        OutputStream up = upstream.getOutputStream();
        up.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        byte[] buffer = new byte[8192];
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                throw new IOException("request body ended early");
            }
            up.write(buffer, 0, n);
            length -= n;
        }
        up.flush();
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (++total > MAX_HEAD_BYTES) {
                return null;
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r")) {
                    s = s.substring(0, s.length() - 1);
                }
                if (s.isEmpty()) {
                    return lines;
                }
                lines.add(s);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(GuardedProxy::closeQuietly);
        acceptor.interrupt();
    }

    /** Where a request goes: host (a name or an address literal without brackets) and port. */
    private record Target(String host, int port, String pathAndQuery) {

        static Target absolute(String uri) {
            try {
                URI u = URI.create(uri);
                if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                    return null;
                }
                String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
                return new Target(host, u.getPort() < 0 ? 80 : u.getPort(),
                        u.getRawQuery() == null ? path : path + "?" + u.getRawQuery());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        static Target authority(String authority) {
            int colon = authority.lastIndexOf(':');
            if (colon <= 0 || authority.endsWith("]")) {
                return null;
            }
            String host = authority.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(authority.substring(colon + 1));
                return port < 1 || port > 65535 ? null : new Target(host, port, "");
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
