package io.knowledgehub.core.auth;

import io.knowledgehub.core.error.DatabaseUnavailable;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Creates, lists and revokes API keys, and looks keys up for each request. The database is the truth: a key revoked
 * through any api replica is refused by every replica on its next request. Each call runs in its own transaction, so
 * it may be called from any worker thread.
 *
 * <p>While the database cannot be reached, a key this process found valid in the last {@link #OUTAGE_GRACE} is still
 * accepted (no key can be revoked meanwhile: revoking needs the database), so that searches keep working through a
 * database outage; any other key cannot be checked and the caller answers 503.
 */
@ApplicationScoped
public class ApiKeyService {

    /** {@code last_used_at} is written at most this often per key, so a busy key does not cost a write per request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    public static final int MAX_NAME_LENGTH = 100;

    /** How long a key found valid stays accepted while the database cannot be reached. */
    static final Duration OUTAGE_GRACE = Duration.ofMinutes(15);

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private final ApiKeyRepository keys;
    private final Map<UUID, Instant> lastTouched = new ConcurrentHashMap<>();
    /** Key hash → the key as last found valid, and when. */
    private final Map<String, Verified> lastValid = new ConcurrentHashMap<>();

    private record Verified(ApiKey key, Instant at) {
    }

    /** After the database could not be reached, keys found valid are accepted without asking it for this long. */
    static final long SKIP_DATABASE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private volatile long skipDatabaseUntil = System.nanoTime();

    public ApiKeyService(ApiKeyRepository keys) {
        this.keys = keys;
    }

    /** A new key with the key itself, which is shown to the user once and never stored. */
    public record Created(ApiKey key, String secret) {
    }

    public Created create(String name, String scope) {
        String n = requireName(name);
        ApiKeyScope s = ApiKeyScope.parse(scope);
        String secret = ApiKeys.generate();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.name = n;
        key.scope = s.wire();
        key.keyHash = ApiKeys.hash(secret);
        key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> keys.insert(key));
        return new Created(key, secret);
    }

    public List<ApiKey> list() {
        return QuarkusTransaction.requiringNew().call(keys::list);
    }

    /** Revokes the key at once; revoking a revoked key changes nothing. */
    public void revoke(UUID id) {
        revoke(id, true);
    }

    /**
     * Revokes the key at once; revoking a revoked key changes nothing.
     *
     * @param bootstrapAdmin whether an admin key is configured outside the database ({@code KH_ADMIN_API_KEY}): without
     *                       one, the last admin key that is not revoked is kept (409), since nobody could manage keys,
     *                       sources or backups after it until the app is restarted with one
     */
    public void revoke(UUID id, boolean bootstrapAdmin) {
        boolean known = QuarkusTransaction.requiringNew().call(() -> {
            if (!bootstrapAdmin) {
                // two revocations at once cannot both see the other's key as still there
                keys.lockUsableAdmins();
            }
            Optional<ApiKey> key = keys.findById(id);
            if (key.isEmpty()) {
                return false;
            }
            Optional<String> refusal = lastAdminRefusal(key.get(), bootstrapAdmin, keys::countUsableAdmins);
            if (refusal.isPresent()) {
                throw new ConflictException(refusal.get());
            }
            keys.revoke(id, Instant.now().truncatedTo(ChronoUnit.MICROS));
            return true;
        });
        if (!known) {
            throw new NotFoundException("key", id);
        }
        lastTouched.remove(id);
        lastValid.values().removeIf(v -> v.key().id.equals(id));
    }

    /** Why revoking {@code key} is refused: it is the last admin key that is not revoked and no bootstrap key exists. */
    static Optional<String> lastAdminRefusal(ApiKey key, boolean bootstrapAdmin, java.util.function.LongSupplier usableAdmins) {
        if (bootstrapAdmin || key.revoked() || key.scopeValue() != ApiKeyScope.ADMIN || usableAdmins.getAsLong() > 1) {
            return Optional.empty();
        }
        return Optional.of("\"" + key.name + "\" is the last admin key: revoking it would leave nobody able to manage keys, "
                + "sources or backups. Create another admin key first (POST /api/v1/keys with \"scope\": \"admin\"), or set "
                + "KH_ADMIN_API_KEY.");
    }

    /**
     * The stored key that {@code secret} is, revoked or not (the caller says which is refused how), and records its
     * use. Empty when no key has this hash.
     */
    public Optional<ApiKey> authenticate(String secret) {
        String hash = ApiKeys.hash(secret);
        Verified recent = lastValid.get(hash);
        if (System.nanoTime() - skipDatabaseUntil < 0 && recent != null && recent.at().isAfter(Instant.now().minus(OUTAGE_GRACE))) {
            return Optional.of(recent.key()); // the database was unreachable a moment ago: not asked again yet
        }
        Optional<ApiKey> found;
        try {
            found = QuarkusTransaction.requiringNew().call(() -> {
                Optional<ApiKey> f = keys.findByHash(hash);
                f.filter(k -> !k.revoked()).ifPresent(this::recordUse);
                return f;
            });
        } catch (RuntimeException e) {
            Verified known = lastValid.get(hash);
            if (DatabaseUnavailable.is(e)) {
                skipDatabaseUntil = System.nanoTime() + SKIP_DATABASE_NANOS;
            }
            if (DatabaseUnavailable.is(e) && known != null && known.at().isAfter(Instant.now().minus(OUTAGE_GRACE))) {
                LOG.debugf("The database cannot be reached; key %s accepted as found valid at %s", known.key().id, known.at());
                return Optional.of(known.key());
            }
            throw e;
        }
        if (found.isPresent() && !found.get().revoked()) {
            lastValid.put(hash, new Verified(found.get(), Instant.now()));
        } else {
            lastValid.remove(hash);
        }
        return found;
    }

    /** The key with this id, revoked or not. */
    public Optional<ApiKey> find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> keys.findById(id));
    }

    /** Keys that are not revoked: with none and no bootstrap key, nobody could ever sign in. */
    public long usableCount() {
        return QuarkusTransaction.requiringNew().call(keys::countUsable);
    }

    private void recordUse(ApiKey key) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant previous = lastTouched.get(key.id);
        if (previous != null && previous.isAfter(now.minus(LAST_USED_RESOLUTION))) {
            return;
        }
        lastTouched.put(key.id, now);
        keys.touch(key.id, now, now.minus(LAST_USED_RESOLUTION));
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name is required: a label for the key, e.g. \"CI search\" (1 to "
                    + MAX_NAME_LENGTH + " characters).");
        }
        String n = name.strip();
        if (n.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "name is " + n.length() + " characters long; use at most " + MAX_NAME_LENGTH + ".");
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isISOControl(c)) { // a label shown in lists and logs: no line breaks or terminal controls
                throw new InvalidInputException("name", "name contains the control character U+" + String.format("%04X", (int) c)
                        + " at position " + (i + 1) + "; use printable characters.");
            }
        }
        return n;
    }
}
