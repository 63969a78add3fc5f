package io.knowledgehub.core;

import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.ratelimit.RateLimitConfig;
import io.knowledgehub.core.search.SearchConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start with a setting out of its range (a job tried 0 times, a negative number of workers, a semantic
 * weight of 7), which would otherwise be accepted and break the app later, silently or with an error a second: one
 * short message naming each variable, its value and what it may be. Each module checks its own settings this way;
 * this is the core's (jobs, search, rate limits).
 */
@ApplicationScoped
public class SettingsCheck {

    /** The problems found, as sentences; collects them so that one start names them all. */
    public static final class Problems {
        private final List<String> found = new ArrayList<>();

        /** A whole number that must be at least {@code min}. */
        public void atLeast(String variable, long value, long min, String meaning) {
            if (value < min) {
                found.add(variable + "=" + value + ": must be " + min + " or more (" + meaning + ")");
            }
        }

        /** A number from {@code min} to {@code max}. */
        public void between(String variable, double value, double min, double max, String meaning) {
            if (!(value >= min && value <= max)) {
                found.add(variable + "=" + value + ": must be from " + min + " to " + max + " (" + meaning + ")");
            }
        }

        /** A duration longer than zero. */
        public void positive(String variable, Duration value, String meaning) {
            if (value.isZero() || value.isNegative()) {
                found.add(variable + "=" + value.toMillis() + "ms: must be longer than 0 (" + meaning + ")");
            }
        }

        public void add(String sentence) {
            found.add(sentence);
        }

        /** Throws the refusal when anything was found: Quarkus prints a configuration error's message alone. */
        public void refuseIfAny() {
            if (!found.isEmpty()) {
                throw new ConfigurationException("KnowledgeHub cannot start with " + (found.size() == 1 ? "this setting" : "these settings")
                        + ":\n  - " + String.join("\n  - ", found) + "\nFix " + (found.size() == 1 ? "it" : "them")
                        + " (docs/configuration.md) and start again.");
            }
        }
    }

    private final Instance<JobsConfig> jobs;
    private final Instance<SearchConfig> search;
    private final Instance<RateLimitConfig> rateLimits;

    SettingsCheck(Instance<JobsConfig> jobs, Instance<SearchConfig> search, Instance<RateLimitConfig> rateLimits) {
        this.jobs = jobs;
        this.search = search;
        this.rateLimits = rateLimits;
    }

    /** Early, before the job workers and the start-up reconcile run with them. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        Problems p = new Problems();
        if (jobs.isResolvable()) {
            JobsConfig j = jobs.get();
            p.atLeast("KH_JOBS_MAX_ATTEMPTS", j.maxAttempts(), 1, "how often a job is tried before it fails");
            p.atLeast("KH_JOBS_CRAWL_WORKERS", j.crawlWorkers(), 0, "crawls run at once in this process; 0 runs none here");
            p.atLeast("KH_JOBS_RAG_WORKERS", j.ragWorkers(), 0, "indexing jobs run at once in this process; 0 runs none here");
            p.positive("KH_JOBS_LEASE", j.lease(), "how long a job's worker may go without saying it is alive");
        }
        if (search.isResolvable()) {
            SearchConfig s = search.get();
            p.atLeast("KH_SEARCH_CANDIDATES", s.candidates(), 1, "chunks each retrieval contributes before fusion");
            p.between("KH_SEARCH_SEMANTIC_WEIGHT", s.semanticWeight(), 0, 1, "the semantic side's share in hybrid search");
            p.between("KH_SEARCH_SENTENCE_SEMANTIC_WEIGHT", s.sentenceSemanticWeight(), 0, 1, "the semantic side's share for questions");
            p.between("KH_SEARCH_SEMANTIC_FLOOR", s.semanticFloor(), 0, 1, "the cosine below which a semantic hit counts for nothing");
            p.between("KH_SEARCH_SEMANTIC_CEILING", s.semanticCeiling(), 0, 1, "the cosine at which a semantic hit counts fully");
            if (s.semanticFloor() >= s.semanticCeiling()) {
                p.add("KH_SEARCH_SEMANTIC_FLOOR=" + s.semanticFloor() + " and KH_SEARCH_SEMANTIC_CEILING=" + s.semanticCeiling()
                        + ": the floor must be below the ceiling");
            }
            p.between("KH_SEARCH_MIN_SCORE", s.minScore(), 0, 1, "results below this relevance are left out");
            p.atLeast("SEARCH_CACHE_TTL", s.cacheTtlSeconds(), 0, "seconds a search answer is reused; 0 turns the cache off");
            p.atLeast("KH_SEARCH_SNIPPET_WORDS", s.snippetWords(), 1, "words in a result snippet");
            s.concurrency().ifPresent(c -> p.atLeast("KH_SEARCH_CONCURRENCY", c, 0, "searches worked on at once; 0 sets no bound"));
        }
        if (rateLimits.isResolvable()) {
            RateLimitConfig r = rateLimits.get();
            p.atLeast("API_RATE_LIMIT", r.api(), 0, "requests a minute per client; 0 turns the limit off");
            p.atLeast("SEARCH_RATE_LIMIT", r.search(), 0, "searches a minute per client; 0 turns the limit off");
            p.positive("KH_RATE_LIMIT_WINDOW", r.window(), "the window the limits count in");
        }
        p.refuseIfAny();
    }
}
