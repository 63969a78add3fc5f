package io.knowledgehub.api.auth;

import io.knowledgehub.core.auth.ApiKeyScope;

import java.util.Locale;

/**
 * What a request needs, from its method and (normalised) path alone: a pure function, the one place where the
 * endpoints' protection is decided. Anything it does not know needs a key (read for GET/HEAD, admin otherwise).
 */
enum Access {
    /** Open, and a key sent along is not even looked at: static UI files, liveness and readiness probes. */
    PUBLIC,
    /** Open, but a valid key sent along is recognised ({@code GET /api/v1/auth}, the {@code /health} summary). */
    IDENTIFIED,
    READ,
    ADMIN;

    static final String HEALTH = "/health";
    static final String EVENTS = "/api/v1/jobs/events";
    static final String MCP = "/mcp";
    static final String INDEX = "/api/v1/index";

    ApiKeyScope scope() {
        return this == ADMIN ? ApiKeyScope.ADMIN : ApiKeyScope.READ;
    }

    static Access of(String method, String path, AuthConfig config) {
        String m = method.toUpperCase(Locale.ROOT);
        boolean get = m.equals("GET") || m.equals("HEAD");
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (m.equals("OPTIONS")) {
            return PUBLIC; // preflights are answered before authentication; an OPTIONS that gets here lists methods
        }
        if (get && (p.equals("/") || p.equals("/index.html") || p.startsWith("/ui/"))) {
            return PUBLIC;
        }
        if (get && (p.equals("/health/live") || p.equals("/.well-known/live") || p.equals("/.well-known/ready"))) {
            return PUBLIC;
        }
        if (get && p.equals(HEALTH + "/api")) {
            return IDENTIFIED; // the api's own state (it answers): the liveness and startup probes, which send no key
        }
        if (get && p.equals(HEALTH + "/job_queue")) {
            return PUBLIC; // queue counts only: KEDA scales the workers on them without a key
        }
        if (get && (p.equals(HEALTH) || p.equals(HEALTH + "/ready"))) {
            return IDENTIFIED;
        }
        if (get && p.startsWith(HEALTH + "/")) {
            return config.publicHealthDetails() ? IDENTIFIED : READ;
        }
        if (get && p.equals("/api/v1/auth")) {
            return IDENTIFIED;
        }
        if (p.startsWith("/api/v1/keys")) {
            return ADMIN;
        }
        if (get && (p.equals("/docs") || p.startsWith("/docs/") || p.equals("/openapi") || p.startsWith("/openapi."))) {
            return config.protectDocs() ? READ : IDENTIFIED;
        }
        if (get && p.equals("/metrics")) {
            return config.publicMetrics() ? IDENTIFIED : READ;
        }
        if (get) {
            return READ;
        }
        if (m.equals("POST") && (p.equals(INDEX + "/rebuild") || p.equals(INDEX + "/reconcile"))) {
            return ADMIN; // they rewrite the index and re-queue indexing
        }
        if (m.equals("POST") && (p.equals("/api/v1/search") || p.equals("/api/v1/embeddings")
                || p.equals("/api/v1/auth/event-ticket") || p.equals("/vectors"))) {
            return READ; // they compute, and change nothing
        }
        if ((m.equals("POST") || m.equals("DELETE")) && (p.equals(MCP) || p.startsWith(MCP + "/"))) {
            return READ; // MCP messages and session ends; the one tool that changes something checks for admin itself
        }
        return ADMIN;
    }
}
