package io.knowledgehub.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived tickets that stand in for an API key on {@code GET /api/v1/jobs/events?ticket=...} (a browser's
 * EventSource cannot send headers, and a long-lived key in a URL ends up in logs and histories).
 * A ticket is {@code <key id>.<expiry, epoch seconds>.<nonce>.<HMAC-SHA256 of the rest, base64url>}: it names the
 * key, so the key is checked again (not revoked) when the ticket is used, and it carries no secret of its own. The
 * random nonce makes every ticket different, also two issued for one key within the same second (a client that
 * reconnects with a "fresh" ticket gets one it can tell from the last).
 */
final class EventTickets {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;

    EventTickets(byte[] secret, Duration ttl, Clock clock) {
        this.secret = secret.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * The signing secret: {@code SECRET_KEY} when set; else derived from the bootstrap admin key (every replica
     * configured from the same Secret then accepts the others' tickets); else random for this process.
     */
    static byte[] secret(Optional<String> secretKey, Optional<String> adminKey) {
        if (secretKey.isPresent()) {
            return secretKey.get().getBytes(StandardCharsets.UTF_8);
        }
        if (adminKey.isPresent()) {
            return hmac(adminKey.get().getBytes(StandardCharsets.UTF_8), "KnowledgeHub event tickets");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    Duration ttl() {
        return ttl;
    }

    String issue(String keyId) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        byte[] nonce = new byte[9];
        RANDOM.nextBytes(nonce);
        String payload = keyId + "." + expires + "." + B64.encodeToString(nonce);
        return payload + "." + B64.encodeToString(hmac(secret, payload));
    }

    /** The key id the ticket was issued for, if its signature is right and it has not expired. */
    Optional<String> verify(String ticket) {
        if (ticket == null || ticket.length() > 200) {
            return Optional.empty();
        }
        int sig = ticket.lastIndexOf('.');
        int nonce = sig <= 0 ? -1 : ticket.lastIndexOf('.', sig - 1);
        int exp = nonce <= 0 ? -1 : ticket.lastIndexOf('.', nonce - 1);
        if (exp <= 0 && nonce > 0) {
            // <key id>.<expiry>.<HMAC>, as issued before tickets had a nonce (by an api replica not yet upgraded)
            exp = nonce;
            nonce = sig;
        }
        if (exp <= 0) {
            return Optional.empty();
        }
        String payload = ticket.substring(0, sig);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(ticket.substring(sig + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, hmac(secret, payload))) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(ticket.substring(exp + 1, nonce));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= expires) {
            return Optional.empty();
        }
        return Optional.of(ticket.substring(0, exp));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
