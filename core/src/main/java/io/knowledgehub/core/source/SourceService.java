package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.crawl.PageRendering;
import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.DeniedAddressException;
import io.knowledgehub.core.document.DocumentRepository;
import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.error.NotFoundException;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobRepository;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobStatus;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.search.IndexOutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Registers, changes and removes sources, and starts their crawls. */
@ApplicationScoped
public class SourceService implements SourceNames {

    /** How long a deletion waits for an index writer of this process to apply it. */
    private static final Duration INDEX_WAIT = Duration.ofSeconds(10);

    private final SourceRepository sources;
    private final DocumentRepository documents;
    private final JobService jobs;
    private final IndexOutboxRepository indexOutbox;
    private final ScheduleDefaults scheduleDefaults;
    private final AddressGuard addresses;
    private final Instance<PageRendering> rendering;
    private final BackupGate backupGate;

    public SourceService(SourceRepository sources, DocumentRepository documents, JobService jobs,
                         IndexOutboxRepository indexOutbox,
                         ScheduleDefaults scheduleDefaults, AddressGuard addresses, Instance<PageRendering> rendering,
                         BackupGate backupGate) {
        this.rendering = rendering;
        this.backupGate = backupGate;
        this.sources = sources;
        this.documents = documents;
        this.jobs = jobs;
        this.indexOutbox = indexOutbox;
        this.scheduleDefaults = scheduleDefaults;
        this.addresses = addresses;
    }

    public record Created(KnowledgeSource source, Job job) {
    }

    /**
     * The deployment's default schedule, checked when the app starts: one that a source would be refused with (a
     * cron expression that does not parse or never fires, a negative interval) stops the start naming the setting,
     * rather than making every source creation fail with an error about a section the user never sent.
     */
    void checkScheduleDefaults(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        checkScheduleDefaults(scheduleDefaults);
    }

    static void checkScheduleDefaults(ScheduleDefaults defaults) {
        if (defaults.refreshSchedule().isEmpty()) {
            return;
        }
        try {
            SourceConfigParser.parse(withScheduleDefault(null, defaults));
        } catch (InvalidInputException e) {
            throw new IllegalStateException("The deployment's default refresh schedule (KH_SCHEDULE_DEFAULTS_REFRESH_SCHEDULE, "
                    + "KH_SCHEDULE_DEFAULTS_FORCE_REFRESH_INTERVAL) cannot be used: " + e.getMessage()
                    + " Fix the setting, or unset it to create sources without a schedule.", e);
        }
    }

    /** The deployment's default schedule for a new source that brings no {@code scheduler} section of its own. */
    static JsonNode withScheduleDefault(JsonNode config, ScheduleDefaults scheduleDefaults) {
        if (scheduleDefaults.refreshSchedule().isEmpty() || (config != null && !config.isNull() && !config.isObject())) {
            return config; // nothing to add, or not an object: the parser says what is wrong
        }
        if (config != null && config.has("scheduler")) {
            return config;
        }
        ObjectNode out = config == null || config.isNull()
                ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) config).deepCopy();
        out.putObject("scheduler")
                .put("enabled", true)
                .put("refresh_schedule", scheduleDefaults.refreshSchedule().get())
                .put("incremental_by_default", scheduleDefaults.incrementalByDefault())
                .put("force_refresh_interval", scheduleDefaults.forceRefreshInterval());
        return out;
    }

    public record Page(List<KnowledgeSource> sources, long total) {
    }

    /** render_js asks for a browser: refused where this deployment has none. */
    private void requireRendering(SourceConfig config) {
        if (!config.renderJs() || !rendering.isResolvable()) {
            return; // a deployment without the crawler cannot tell; its crawls fail the pages instead
        }
        rendering.get().unavailable().ifPresent(reason -> {
            throw new InvalidInputException("config.render_js", reason);
        });
    }

    public Created create(NewSource request) {
        String name = requireName(request.name());
        String baseUrl = requireBaseUrl(request.baseUrl());
        requireReachable(baseUrl);
        String description = checkDescription(request.description());
        String type = request.sourceType() == null ? "web" : request.sourceType();
        if (!type.equals("web")) {
            throw new InvalidInputException("source_type", "source_type \"" + type + "\" is not supported; use \"web\".");
        }
        SourceConfig config = SourceConfigParser.parse(withScheduleDefault(request.config(), scheduleDefaults));
        requireRendering(config);
        Created created = QuarkusTransaction.requiringNew().call(() -> {
            checkNameFree(name, null);
            KnowledgeSource s = new KnowledgeSource();
            s.id = UUID.randomUUID();
            s.name = name;
            s.description = description;
            s.baseUrl = baseUrl;
            s.sourceType = type;
            s.config = config;
            s.status = SourceStatus.ACTIVE;
            s.createdAt = now();
            s.updatedAt = s.createdAt;
            sources.insert(s);
            return new Created(s, jobs.insert(s.id, JobType.CRAWL, false, null));
        });
        jobs.queueIfPending(created.job());
        return created;
    }

    public KnowledgeSource get(UUID id) {
        KnowledgeSource s = QuarkusTransaction.joiningExisting().call(() -> sources.find(id).orElse(null));
        if (s == null) {
            throw new NotFoundException("source", id);
        }
        return s;
    }

    public Page list(int limit, int offset) {
        return QuarkusTransaction.joiningExisting().call(() -> new Page(sources.page(limit, offset), sources.count()));
    }

    /** Statistics for the given sources in three queries, whatever their number. */
    public Map<UUID, SourceStats> stats(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.joiningExisting().call(() -> {
            Map<UUID, Long> docs = documents.countsBySource(ids);
            Map<UUID, Long> chunks = documents.chunkCountsBySource(ids);
            Map<UUID, JobRepository.LastJob> last = jobs.lastJobBySource(ids);
            Map<UUID, SourceStats> out = new HashMap<>();
            for (UUID id : ids) {
                JobRepository.LastJob job = last.get(id);
                out.put(id, new SourceStats(docs.getOrDefault(id, 0L), chunks.getOrDefault(id, 0L),
                        job == null ? null : job.status().wire(), job == null ? null : job.id()));
            }
            return out;
        });
    }

    public KnowledgeSource update(UUID id, SourcePatch patch) {
        String newBaseUrl = patch.baseUrl() == null ? null : requireBaseUrl(patch.baseUrl());
        if (newBaseUrl != null) {
            requireReachable(newBaseUrl);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            KnowledgeSource s = sources.find(id).orElseThrow(() -> new NotFoundException("source", id));
            if (patch.name() != null) {
                String name = requireName(patch.name());
                checkNameFree(name, id);
                s.name = name;
            }
            if (patch.clearDescription()) {
                s.description = null;
            } else if (patch.description() != null) {
                s.description = checkDescription(patch.description());
            }
            if (newBaseUrl != null) {
                s.baseUrl = newBaseUrl;
            }
            if (patch.status() != null) {
                s.status = SourceStatus.parse(patch.status()).orElseThrow(() -> new InvalidInputException("status",
                        "status must be \"active\" or \"paused\", not \"" + patch.status() + "\"."));
            }
            if (patch.config() != null) {
                JsonNode merged = SourceConfigParser.merge(SourceConfigParser.toJson(s.config), patch.config());
                SourceConfig config = SourceConfigParser.parse(merged);
                requireRendering(config);
                s.config = config;
            }
            s.updatedAt = now();
            return s;
        });
    }

    /** Removes the source with its documents, chunks and jobs (a running crawl is cancelled first). */
    public void delete(UUID id) {
        get(id);
        cancelActive(id, JobType.CRAWL);
        cancelActive(id, JobType.RAG);
        // the index's entries go through the outbox, in the same transaction: a crash cannot keep one and lose the other
        long work = backupGate.change(() -> QuarkusTransaction.requiringNew().call(() -> {
            sources.lockForDelete(id);
            documents.deleteOfSource(id);
            jobs.deleteOfSource(id);
            sources.delete(id);
            return indexOutbox.deleteSource(id);
        }));
        // searches leave the source's results out at once (its documents are gone); with the index writer in this
        // process (standalone) the index itself is clean when the call returns too
        indexOutbox.settle(work, INDEX_WAIT);
    }

    /** Cancels the source's pending or running job of this type; one that ended meanwhile is deleted with the source. */
    private void cancelActive(UUID source, JobType type) {
        jobs.activeJob(source, type).ifPresent(j -> {
            try {
                jobs.cancel(j.id);
            } catch (ConflictException endedMeanwhile) {
                // it completed (or failed) between the look and the cancel: nothing left to stop
            }
        });
    }

    public Job refresh(UUID id, boolean forceRefresh) {
        get(id);
        return jobs.requestCrawl(id, forceRefresh);
    }

    /** A crawl for every active source (their running crawl where they have one). */
    public List<Job> refreshAll(boolean forceRefresh) {
        List<UUID> ids = QuarkusTransaction.joiningExisting().call(sources::active);
        List<Job> out = new ArrayList<>();
        for (UUID id : ids) {
            out.add(jobs.requestCrawl(id, forceRefresh));
        }
        return out;
    }

    @Override
    public Map<UUID, String> names(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.joiningExisting().call(() -> sources.names(ids));
    }

    private void checkNameFree(String name, UUID self) {
        List<UUID> holders = sources.named(name);
        if (holders.stream().anyMatch(h -> !h.equals(self))) {
            throw new ConflictException("name", "A source named \"" + name + "\" already exists; choose another name or update that source.");
        }
    }

    /** Characters in a source's name at most (the column's size). */
    public static final int MAX_NAME = 200;
    /** Characters in a source's description at most (the column's size). */
    public static final int MAX_DESCRIPTION = 2000;

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name is required and must not be blank.");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME) {
            throw new InvalidInputException("name", "name is " + stripped.length() + " characters long; at most " + MAX_NAME
                    + " are accepted.");
        }
        return noControlCharacters("name", stripped);
    }

    /** The description as stored: a blank one is none (null), as the web UI's emptied field sends it. */
    private static String checkDescription(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "description is " + description.length()
                    + " characters long; at most " + MAX_DESCRIPTION + " are accepted.");
        }
        return noControlCharacters("description", description);
    }

    /** NUL and the other C0 controls but tab and line breaks: no database stores NUL in text, no reader wants the rest. */
    private static String noControlCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidInputException(field, field + " contains the control character U+" + String.format("%04X", (int) c)
                        + " at position " + (i + 1) + "; remove it.");
            }
        }
        return value;
    }

    static String requireBaseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new InvalidInputException("base_url", "base_url is required: the absolute http(s) URL where crawling starts, e.g. https://docs.example.com/guide/.");
        }
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("base_url", "base_url \"" + shown(baseUrl) + "\" is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String notHttp = "base_url \"" + shown(baseUrl) + "\" must be an absolute http:// or https:// URL with a host, e.g. https://docs.example.com/.";
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidInputException("base_url", notHttp);
        }
        if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new InvalidInputException("base_url", "base_url \"" + shown(baseUrl)
                    + "\" holds a user name or password before the host; leave them out: the crawler sends no credentials,"
                    + " and the base URL is shown to everyone who can read sources.");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null) {
            uri = withAsciiHost(baseUrl, uri);
        }
        String port = writtenPort(uri.getRawAuthority());
        if (port != null && !validPort(port)) {
            throw new InvalidInputException("base_url", "base_url \"" + shown(baseUrl) + "\" has the invalid port " + port
                    + "; a port must be from 1 to 65535.");
        }
        if (uri.getHost() == null) {
            String host = writtenHost(uri.getRawAuthority());
            if (host != null && !host.isEmpty()) {
                throw new InvalidInputException("base_url", "base_url \"" + shown(baseUrl) + "\" has the host \"" + host
                        + "\", which is not a valid host name: a host name is made of letters, digits and hyphens"
                        + " between dots (no underscores, spaces or other characters).");
            }
            throw new InvalidInputException("base_url", notHttp);
        }
        if (baseUrl.length() > 2048 || uri.toString().length() > 2048) {
            throw new InvalidInputException("base_url", "base_url must be at most 2048 characters.");
        }
        return uri.toString();
    }

    /**
     * {@link URI} takes no host outside ASCII ({@code http://例え.テスト/}); the crawler's URL normaliser writes such a
     * host in punycode, so the base URL is stored that way too and its links stay in scope. Any other authority is
     * returned as it was.
     */
    private static URI withAsciiHost(String baseUrl, URI uri) {
        String authority = uri.getRawAuthority();
        if (authority.chars().allMatch(c -> c < 0x80)) {
            return uri;
        }
        int at = authority.lastIndexOf('@');
        String userInfo = authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "" : hostPort.substring(colon);
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("base_url", "base_url \"" + shown(baseUrl) + "\" has the host \"" + host
                    + "\", which is not a valid internationalised domain name: " + e.getMessage() + ".");
        }
        String rest = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        try {
            return new URI(uri.getScheme() + "://" + userInfo + ascii + port + rest);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("base_url", "base_url \"" + shown(baseUrl) + "\" is not a valid URL: " + e.getReason() + ".");
        }
    }

    /** The host written in an authority (without user and port), or null when there is no authority. */
    private static String writtenHost(String authority) {
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String port = writtenPort(authority);
        return port == null ? hostPort : hostPort.substring(0, hostPort.length() - port.length() - 1);
    }

    /** A base URL as error messages show it: a user name or password before the host written as {@code …}. */
    private static String shown(String baseUrl) {
        return baseUrl.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1…@");
    }

    /** The port written in an authority, or null when none is; {@link URI} leaves one beyond int's range unparsed. */
    private static String writtenPort(String authority) {
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.lastIndexOf(']') > colon || colon == hostPort.length() - 1) {
            return null;
        }
        return hostPort.substring(colon + 1);
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    /**
     * Refuses a base URL whose host resolves to an address the crawler would not connect to, saying which setting opens
     * it. A host that does not resolve now is accepted: the crawl reports it, and DNS may well be there by then.
     */
    private void requireReachable(String baseUrl) {
        addresses.denial(URI.create(baseUrl)).ifPresent(denied -> {
            throw new InvalidInputException("base_url", deniedMessage(denied));
        });
    }

    static String deniedMessage(DeniedAddressException denied) {
        return "base_url resolves to " + denied.address().getHostAddress() + ", " + denied.addressClass().description()
                + "; the crawler refuses loopback, private, link-local and other special-use networks. To crawl it, "
                + "add its network to KH_CRAWLER_ALLOWED_NETWORKS (kh.crawler.allowed-networks), e.g. " + denied.suggestedNetwork() + ".";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
