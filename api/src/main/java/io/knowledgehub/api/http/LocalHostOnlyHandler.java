package io.knowledgehub.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.auth.AuthConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DNS rebinding protection for an app without keys. A web page on {@code http://evil.example:3000} whose host name its
 * owner re-points to 127.0.0.1 sends the visitor's browser's requests to the local app as same-origin requests (its
 * {@code Origin} matches its {@code Host}), so the cross-site checks let them through, and with auth off nothing else
 * stops them. Such requests name the attacker's host in {@code Host}: while auth is off and the app listens on a
 * loopback address (the standalone default), a request whose {@code Host} is not {@code localhost} (or a name under
 * it), a 127.x.x.x address, {@code [::1]} or a name in {@code KH_ALLOWED_HOSTS} is refused with 403. Setting
 * {@code KH_ALLOWED_HOSTS} turns the check on for an app without keys that listens on another address too. With
 * auth on, a page gets nothing without a key, which it does not have.
 */
@ApplicationScoped
public class LocalHostOnlyHandler {

    /** Route order: first of the protections (after the security headers, which every answer gets). */
    public static final int ORDER = CorsHandler.ORDER - 5;

    private final ObjectMapper json;
    private final boolean active;
    private final Set<String> allowed;

    public LocalHostOnlyHandler(ObjectMapper json, AuthConfig auth,
                                @ConfigProperty(name = "quarkus.http.host") Optional<String> boundHost,
                                @ConfigProperty(name = "kh.allowed-hosts") Optional<List<String>> allowedHosts) {
        this.json = json;
        // written as a host name, or with a port, brackets or a trailing dot: compared as a Host header's name
        this.allowed = allowedHosts.orElse(List.of()).stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(LocalHostOnlyHandler::hostName).collect(Collectors.toUnmodifiableSet());
        this.active = !auth.enabled() && (boundHost.map(LocalHostOnlyHandler::loopbackHost).orElse(false) || !allowed.isEmpty());
    }

    void register(@Observes Router router) {
        if (active) {
            router.route().order(ORDER).handler(this::handle);
        }
    }

    void handle(RoutingContext ctx) {
        String host = ctx.request().getHeader("Host");
        String path = ctx.normalizedPath();
        // probes address a pod or container by its IP and read only the health summary
        boolean probe = path.equals("/health") || path.startsWith("/health/") || path.startsWith("/.well-known/");
        if (host == null || probe || permitted(hostName(host))) {
            ctx.next();
            return;
        }
        HttpProblems.send(ctx, json, 403, "Forbidden", "This KnowledgeHub runs without API keys and answers requests "
                + "addressed to localhost or 127.0.0.1 only, not to '" + hostName(host) + "' (a web page can reach a "
                + "local app under its own host name by DNS rebinding). Open it as http://localhost:"
                + ctx.request().localAddress().port() + "/, add the name to KH_ALLOWED_HOSTS, or turn authentication "
                + "on (KH_AUTH_ENABLED=true).");
    }

    boolean permitted(String name) {
        return loopbackHost(name) || allowed.contains(name);
    }

    /** The host of a Host header, lower-cased, without its port; an IPv6 literal keeps its brackets. */
    static String hostName(String header) {
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** localhost and names under it (which browsers resolve to loopback themselves), 127.0.0.0/8 and ::1. */
    static boolean loopbackHost(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("localhost") || n.endsWith(".localhost") || n.equals("[::1]") || n.equals("::1")) {
            return true;
        }
        String[] parts = n.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
