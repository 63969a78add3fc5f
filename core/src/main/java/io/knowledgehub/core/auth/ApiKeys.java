package io.knowledgehub.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** How keys look and how they are hashed: pure functions, shared by the key store and the bootstrap key check. */
public final class ApiKeys {

    /** Every key starts with this, so a leaked one is easy to recognise (and to search for in code). */
    public static final String PREFIX = "kh_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key: {@code kh_} and 32 random bytes (256 bits) in base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of the key as lower-case hex: what the database keeps. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Compares two keys in time independent of where they differ (the hashes are compared, not the keys). */
    public static boolean sameKey(String a, String b) {
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }
}
