package io.knowledgehub.adapters.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the shared Redis is and how to log in, read from a {@code REDIS_URL}:
 * {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...} for TLS. Examples:
 * {@code redis://localhost:6379/0}, {@code redis://:s3cret@cache.internal:6379}, {@code rediss://app:s3cret@cache:6380/2}.
 * Reserved characters in the user or password are percent-encoded ({@code %40} for {@code @}).
 *
 * @param user     null for the default user
 * @param password null when the server asks for none
 * @param timeout  connect and read timeout of each call
 */
public record RedisSettings(String host, int port, int database, String user, String password, boolean tls,
                            Duration timeout, int poolSize) {

    public static final String DEFAULT_URL = "redis://localhost:6379/0";
    public static final int DEFAULT_PORT = 6379;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Connections per process; each job worker holds one only during a call. */
    public static final int DEFAULT_POOL_SIZE = 16;

    public RedisSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port must be 1-65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis database must be 0 or more, got " + database);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("Redis pool size must be at least 1, got " + poolSize);
        }
    }

    /** @throws IllegalArgumentException with a sentence saying what is wrong with {@code url} (the password left out) */
    public static RedisSettings parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("REDIS_URL is empty; set it like " + DEFAULT_URL);
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("REDIS_URL is not a URL (" + e.getReason() + "); write it like " + DEFAULT_URL);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// (or rediss:// for TLS), got "
                    + (scheme.isEmpty() ? "no scheme" : scheme + "://") + "; for example " + DEFAULT_URL);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("REDIS_URL has no host name; write it like " + DEFAULT_URL);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        int database = 0;
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("REDIS_URL's path must be a database number like /0, got " + path);
            }
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("REDIS_URL names a user but no password; write the password after a colon, "
                        + "like redis://:PASSWORD@" + host + ":" + port + " or redis://USER:PASSWORD@" + host + ":" + port);
            }
            user = colon == 0 ? null : decode(info.substring(0, colon));
            password = decode(info.substring(colon + 1));
        }
        return new RedisSettings(host, port, database, user, password, scheme.equals("rediss"), DEFAULT_TIMEOUT,
                DEFAULT_POOL_SIZE);
    }

    public RedisSettings withTimeout(Duration value) {
        return new RedisSettings(host, port, database, user, password, tls, value, poolSize);
    }

    public RedisSettings withPoolSize(int value) {
        return new RedisSettings(host, port, database, user, password, tls, timeout, value);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL without the password, for logs and health details. */
    public String redacted() {
        String auth = user == null && password == null ? "" : (user == null ? "" : user) + (password == null ? "" : ":***") + "@";
        return (tls ? "rediss" : "redis") + "://" + auth + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
