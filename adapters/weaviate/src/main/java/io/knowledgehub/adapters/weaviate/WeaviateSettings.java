package io.knowledgehub.adapters.weaviate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the Weaviate server is and which collection holds the chunks.
 *
 * @param scheme     {@code http} or {@code https} (https also secures the gRPC channel)
 * @param host       host name or address of the HTTP endpoint
 * @param httpPort   the REST port (8080 in a default deployment)
 * @param grpcHost   host of the gRPC endpoint: the HTTP host unless the deployment exposes gRPC separately (the
 *                   official Helm chart has a {@code weaviate-grpc} service)
 * @param grpcPort   the gRPC port (50051 in a default deployment); searches and writes go through it
 * @param apiKey     the API key, or null for a server with anonymous access
 * @param collection the collection holding the chunks; the embedding model is kept in
 *                   {@code <collection>Model} next to it
 */
public record WeaviateSettings(String scheme, String host, int httpPort, String grpcHost, int grpcPort, String apiKey,
                               String collection) {

    public static final String DEFAULT_COLLECTION = "KnowledgeChunk";
    public static final int DEFAULT_GRPC_PORT = 50051;

    /** Weaviate's rule for collection names: a capital letter, then letters, digits or underscores. */
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Z][_0-9A-Za-z]*");

    public WeaviateSettings {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("Weaviate scheme must be http or https, not " + scheme);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Weaviate host must not be empty");
        }
        checkPort("HTTP", httpPort);
        grpcHost = grpcHost == null || grpcHost.isBlank() ? host : grpcHost.strip();
        checkPort("gRPC", grpcPort);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        collection = collection == null || collection.isBlank() ? DEFAULT_COLLECTION : collection.strip();
        if (!COLLECTION_NAME.matcher(collection).matches()) {
            throw new IllegalArgumentException("Weaviate collection name '" + collection + "' must start with a capital "
                    + "letter followed by letters, digits or underscores, e.g. " + DEFAULT_COLLECTION);
        }
    }

    /**
     * Settings from a base URL such as {@code http://localhost:8080}, {@code https://weaviate.example.com} (port
     * 443) or {@code weaviate:8080} (http assumed).
     *
     * @param grpcPort null for the default 50051
     * @param apiKey   null or blank for anonymous access
     * @param collection null or blank for {@link #DEFAULT_COLLECTION}
     */
    public static WeaviateSettings of(String url, Integer grpcPort, String apiKey, String collection) {
        return of(url, null, grpcPort, apiKey, collection);
    }

    /** As {@link #of(String, Integer, String, String)}, with the gRPC endpoint on {@code grpcHost} (null: the URL's host). */
    public static WeaviateSettings of(String url, String grpcHost, Integer grpcPort, String apiKey, String collection) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Weaviate URL must not be empty, e.g. http://localhost:8080");
        }
        String text = url.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Weaviate URL '" + url + "' is not a valid URL, e.g. http://localhost:8080", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Weaviate URL '" + url + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Weaviate URL '" + url + "' names no host, e.g. http://localhost:8080");
        }
        // the client talks to the server root: a path or query would silently be dropped, so refuse it
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Weaviate URL '" + url + "' must be the server root (scheme, host and "
                    + "port only), e.g. http://localhost:8080");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Weaviate URL '" + url + "' must not contain credentials; set the API key instead");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new WeaviateSettings(scheme, uri.getHost(), port, grpcHost, grpcPort == null ? DEFAULT_GRPC_PORT : grpcPort, apiKey, collection);
    }

    /**
     * Settings from the environment: {@code WEAVIATE_URL} (required), {@code WEAVIATE_GRPC_HOST}, {@code WEAVIATE_GRPC_PORT},
     * {@code WEAVIATE_API_KEY}, {@code WEAVIATE_COLLECTION}.
     */
    public static WeaviateSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static WeaviateSettings fromEnvironment(Map<String, String> env) {
        String url = env.get("WEAVIATE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("WEAVIATE_URL is not set; set it to the Weaviate server, e.g. http://localhost:8080");
        }
        String grpc = env.get("WEAVIATE_GRPC_PORT");
        Integer grpcPort = null;
        if (grpc != null && !grpc.isBlank()) {
            try {
                grpcPort = Integer.parseInt(grpc.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("WEAVIATE_GRPC_PORT must be a port number, not '" + grpc + "'", e);
            }
        }
        return of(url, env.get("WEAVIATE_GRPC_HOST"), grpcPort, env.get("WEAVIATE_API_KEY"), env.get("WEAVIATE_COLLECTION"));
    }

    /** Never shows the API key: settings end up in logs. */
    @Override
    public String toString() {
        return "WeaviateSettings[" + scheme + "://" + host + ":" + httpPort + ", grpc=" + grpcHost + ":" + grpcPort
                + ", apiKey=" + (apiKey == null ? "none" : "***") + ", collection=" + collection + "]";
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Weaviate " + what + " port must be between 1 and 65535, not " + port);
        }
    }
}
