package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.knowledgehub.core.error.InvalidInputException;
import org.jsoup.select.QueryParser;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code config} JSON of the sources API into a {@link SourceConfig} and back. Every key is known
 * and typed: an unknown key, a wrong type, an out-of-range number, an invalid glob, CSS selector, regular
 * expression or cron expression is an {@link InvalidInputException} naming the key.
 */
public final class SourceConfigParser {

    private static final Set<String> TOP_KEYS = Set.of("max_depth", "max_pages", "crawl_delay", "incremental_delay",
            "follow_patterns", "exclude_patterns", "content_extraction", "content_cleaning", "incremental_config",
            "scheduler", "performance", "render_js", "max_duration", "max_total_bytes");
    private static final Set<String> EXTRACTION_KEYS = Set.of("exclude_selectors", "normalize_whitespace", "ignore_case");
    private static final Set<String> CLEANING_KEYS = Set.of("remove_patterns");
    private static final Set<String> INCREMENTAL_KEYS = Set.of("min_change_threshold", "ignore_minor_changes",
            "change_detection_method");
    private static final Set<String> SCHEDULER_KEYS = Set.of("enabled", "refresh_schedule", "incremental_by_default",
            "force_refresh_interval");
    private static final Set<String> PERFORMANCE_KEYS = Set.of("batch_hash_updates", "batch_size",
            "parallel_hash_calculation");

    /** Entries in one list of the config (patterns, selectors) at most. */
    public static final int MAX_LIST_ENTRIES = 100;
    /**
     * Characters and classes of all of a config's regular expressions (remove patterns and those in selectors) with
     * their counted repetitions written out: a hundred patterns at the limit of one would compile to some 180 MB.
     */
    static final long MAX_REGEX_PARTS = 4L * RegexSize.MAX_EXPANDED_SIZE;
    /** Characters in one pattern or selector at most. */
    public static final int MAX_ENTRY_LENGTH = 2000;
    /** The longest {@code max_duration} accepted, in seconds (30 days). */
    public static final long MAX_DURATION_SECONDS = 30L * 24 * 3600;
    /** The largest {@code max_total_bytes} accepted (1 TiB). */
    public static final long MAX_TOTAL_BYTES = 1L << 40;

    private SourceConfigParser() {
    }

    /** @param config the config object, or null / JSON null for all defaults */
    public static SourceConfig parse(JsonNode config) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return SourceConfig.defaults();
        }
        Obj root = new Obj("config", config, TOP_KEYS);
        SourceConfig d = SourceConfig.defaults();
        Obj ex = root.object("content_extraction", EXTRACTION_KEYS);
        Obj cl = root.object("content_cleaning", CLEANING_KEYS);
        Obj inc = root.object("incremental_config", INCREMENTAL_KEYS);
        Obj sch = root.object("scheduler", SCHEDULER_KEYS);
        Obj perf = root.object("performance", PERFORMANCE_KEYS);

        List<String> follow = root.strings("follow_patterns");
        List<String> exclude = root.strings("exclude_patterns");
        checkGlobs(root.path("follow_patterns"), follow);
        checkGlobs(root.path("exclude_patterns"), exclude);

        List<String> selectors = ex.strings("exclude_selectors");
        long regexParts = 0; // the config's patterns together: each within its limit, all of them within a budget
        for (int i = 0; i < selectors.size(); i++) {
            regexParts += checkRegexSize(ex.path("exclude_selectors") + "[" + i + "]", selectors.get(i),
                    RegexSize.inSelector(selectors.get(i)), "its regular expressions");
            withinRegexBudget(ex.path("exclude_selectors"), regexParts);
            try {
                QueryParser.parse(selectors.get(i));
            } catch (RuntimeException e) {
                // with RE2J on the classpath jsoup compiles the regexes of :matches() and [attr~=...] with it
                String regexNote = e instanceof PatternSyntaxException
                        || String.valueOf(e.getMessage()).contains("Pattern syntax")
                        ? " (regular expressions in selectors use RE2 syntax: no backreferences or lookaround)" : "";
                throw new InvalidInputException(ex.path("exclude_selectors") + "[" + i + "]",
                        "config.content_extraction.exclude_selectors[" + i + "] '" + selectors.get(i)
                                + "' is not a valid CSS selector: " + selectorProblem(e) + regexNote);
            }
        }
        List<String> removePatterns = cl.strings("remove_patterns");
        for (int i = 0; i < removePatterns.size(); i++) {
            String pattern = removePatterns.get(i);
            if (pattern.isEmpty()) {
                throw new InvalidInputException(cl.path("remove_patterns") + "[" + i + "]", "config.content_cleaning.remove_patterns["
                        + i + "] is empty: it would remove nothing; leave it out.");
            }
            regexParts += checkRegexSize(cl.path("remove_patterns") + "[" + i + "]", pattern, RegexSize.of(pattern), "it");
            withinRegexBudget(cl.path("remove_patterns"), regexParts);
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                boolean javaAccepts = compilesInJava(pattern);
                throw new InvalidInputException(cl.path("remove_patterns") + "[" + i + "]",
                        "config.content_cleaning.remove_patterns[" + i + "] '" + pattern + "' "
                                + (javaAccepts ? "uses syntax that the linear-time RE2 engine does not support ("
                                + e.getDescription() + "): patterns run on RE2 syntax, without backreferences, "
                                + "lookahead/lookbehind, possessive quantifiers or atomic groups, so that no pattern "
                                + "can stall a crawl; rewrite it without them."
                                : "is not a valid regular expression: " + e.getDescription()
                                + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : " at '" + e.getPattern() + "'")));
            }
        }
        String method = inc.string("change_detection_method", d.incremental().changeDetectionMethod());
        if (!method.equals("hash") && !method.equals("fuzzy")) {
            throw new InvalidInputException(inc.path("change_detection_method"),
                    "config.incremental_config.change_detection_method must be \"hash\" or \"fuzzy\", not \"" + method + "\"");
        }
        String cron = sch.string("refresh_schedule", d.scheduler().refreshSchedule());
        try {
            CronSchedule.parse(cron).requireFiresSomeDay();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(sch.path("refresh_schedule"), "config.scheduler.refresh_schedule: " + e.getMessage());
        }
        Double incrementalDelay = root.has("incremental_delay") && !root.node("incremental_delay").isNull()
                ? root.number("incremental_delay", 0, 3600, 0) : null;

        return new SourceConfig(
                (int) root.integer("max_depth", 0, 100, d.maxDepth()),
                (int) root.integer("max_pages", 1, 1_000_000, d.maxPages()),
                root.number("crawl_delay", 0, 3600, d.crawlDelay()),
                incrementalDelay,
                follow, exclude,
                new SourceConfig.ContentExtraction(selectors,
                        ex.bool("normalize_whitespace", d.contentExtraction().normalizeWhitespace()),
                        ex.bool("ignore_case", d.contentExtraction().ignoreCase())),
                new SourceConfig.ContentCleaning(removePatterns),
                new SourceConfig.IncrementalConfig(inc.number("min_change_threshold", 0, 1, 0),
                        inc.bool("ignore_minor_changes", d.incremental().ignoreMinorChanges()), method),
                new SourceConfig.Schedule(sch.bool("enabled", false), cron,
                        sch.bool("incremental_by_default", true),
                        (int) sch.integer("force_refresh_interval", 0, 3650, 0)),
                new SourceConfig.Performance(perf.bool("batch_hash_updates", true),
                        (int) perf.integer("batch_size", 1, 1000, d.performance().batchSize()),
                        (int) perf.integer("parallel_hash_calculation", 1, 64, d.performance().parallelHashCalculation())),
                root.bool("render_js", false),
                new SourceConfig.Limits(duration(root, "max_duration"),
                        root.has("max_total_bytes") && !root.node("max_total_bytes").isNull()
                                ? root.integer("max_total_bytes", 1, MAX_TOTAL_BYTES, 0) : null));
    }

    /** A whole number of seconds, or an ISO-8601 duration ("PT30M", "P1DT2H"); null when absent. */
    private static Duration duration(Obj root, String key) {
        JsonNode v = root.node(key);
        if (v == null || v.isNull()) {
            return null;
        }
        String path = root.path(key);
        String expected = path + " must be a whole number of seconds from 1 to " + MAX_DURATION_SECONDS
                + " or an ISO-8601 duration such as \"PT30M\" or \"PT2H\"";
        Duration d;
        if (v.isTextual()) {
            try {
                d = Duration.parse(v.asText().strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(path, expected + ", not \"" + v.asText() + "\"");
            }
            if (d.getNano() != 0) {
                throw new InvalidInputException(path, expected + "; \"" + v.asText() + "\" is not a whole number of seconds");
            }
        } else if (v.isNumber()) {
            d = Duration.ofSeconds(root.integer(key, 1, MAX_DURATION_SECONDS, 0));
        } else {
            throw new InvalidInputException(path, expected);
        }
        if (d.getSeconds() < 1 || d.getSeconds() > MAX_DURATION_SECONDS) {
            throw new InvalidInputException(path, expected + ", not " + d.getSeconds() + " s");
        }
        return d;
    }

    /** The full config (defaults included) as the JSON object the API shows and stores. */
    public static ObjectNode toJson(SourceConfig c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("max_depth", c.maxDepth());
        o.put("max_pages", c.maxPages());
        o.put("crawl_delay", c.crawlDelay());
        if (c.incrementalDelay() == null) {
            o.putNull("incremental_delay");
        } else {
            o.put("incremental_delay", c.incrementalDelay());
        }
        c.followPatterns().forEach(o.putArray("follow_patterns")::add);
        c.excludePatterns().forEach(o.putArray("exclude_patterns")::add);
        ObjectNode ex = o.putObject("content_extraction");
        c.contentExtraction().excludeSelectors().forEach(ex.putArray("exclude_selectors")::add);
        ex.put("normalize_whitespace", c.contentExtraction().normalizeWhitespace());
        ex.put("ignore_case", c.contentExtraction().ignoreCase());
        ObjectNode cl = o.putObject("content_cleaning");
        c.contentCleaning().removePatterns().forEach(cl.putArray("remove_patterns")::add);
        ObjectNode inc = o.putObject("incremental_config");
        inc.put("min_change_threshold", c.incremental().minChangeThreshold());
        inc.put("ignore_minor_changes", c.incremental().ignoreMinorChanges());
        inc.put("change_detection_method", c.incremental().changeDetectionMethod());
        ObjectNode sch = o.putObject("scheduler");
        sch.put("enabled", c.scheduler().enabled());
        sch.put("refresh_schedule", c.scheduler().refreshSchedule());
        sch.put("incremental_by_default", c.scheduler().incrementalByDefault());
        sch.put("force_refresh_interval", c.scheduler().forceRefreshInterval());
        ObjectNode perf = o.putObject("performance");
        perf.put("batch_hash_updates", c.performance().batchHashUpdates());
        perf.put("batch_size", c.performance().batchSize());
        perf.put("parallel_hash_calculation", c.performance().parallelHashCalculation());
        o.put("render_js", c.renderJs());
        if (c.limits().maxDuration() == null) {
            o.putNull("max_duration");
        } else {
            o.put("max_duration", c.limits().maxDuration().getSeconds());
        }
        if (c.limits().maxTotalBytes() == null) {
            o.putNull("max_total_bytes");
        } else {
            o.put("max_total_bytes", c.limits().maxTotalBytes());
        }
        return o;
    }

    /**
     * Merges a PATCH's config into the stored one: objects merge key by key (recursively), any other value
     * replaces, and JSON null removes the key (back to its default).
     */
    public static ObjectNode merge(JsonNode stored, JsonNode patch) {
        ObjectNode result = stored.deepCopy();
        if (patch == null || patch.isNull()) {
            return result;
        }
        if (!patch.isObject()) {
            throw new InvalidInputException("config", "config must be a JSON object, e.g. {\"crawl_delay\": 2.0}");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode current = result.get(e.getKey());
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else if (e.getValue().isObject() && current != null && current.isObject()) {
                result.set(e.getKey(), merge(current, e.getValue()));
            } else {
                result.set(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    /**
     * Refuses a regular expression before RE2/J compiles it into more than the heap holds; see {@link RegexSize}.
     *
     * @param what how the message names the expressions: "it", or "its regular expressions" for a selector
     */
    private static void withinRegexBudget(String path, long parts) {
        if (parts > MAX_REGEX_PARTS) {
            throw new InvalidInputException(path, "config.content_extraction.exclude_selectors and "
                    + "config.content_cleaning.remove_patterns together are too large once their counted repetitions are "
                    + "written out: more than " + MAX_REGEX_PARTS + " characters and classes; use fewer or smaller patterns.");
        }
    }

    /** Checks one pattern's size against the limits; its size written out, for the config's budget. */
    private static long checkRegexSize(String path, String value, RegexSize size, String what) {
        if (size.nestedRepetition() > RegexSize.MAX_NESTED_REPETITION) {
            throw new InvalidInputException(path, path + " '" + value + "' repeats too much: the counts of the nested "
                    + "repetitions ({n}, {n,}, {n,m}) in " + what + " multiply to " + size.nestedRepetition()
                    + "; their product may be at most " + RegexSize.MAX_NESTED_REPETITION + " (RE2's limit for one repetition): "
                    + "use smaller counts, or * and + for open-ended repetition.");
        }
        if (size.expandedSize() > RegexSize.MAX_EXPANDED_SIZE) {
            throw new InvalidInputException(path, path + " '" + value + "' is too large once the counted repetitions in "
                    + what + " are written out: " + size.expandedSize() + " characters and classes; at most "
                    + RegexSize.MAX_EXPANDED_SIZE + " are accepted: use smaller counts, or * and + for open-ended repetition.");
        }
        return size.expandedSize();
    }

    private static void checkGlobs(String path, List<String> globs) {
        for (int i = 0; i < globs.size(); i++) {
            try {
                UrlGlob.compile(globs.get(i));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(path + "[" + i + "]", path + "[" + i + "]: " + e.getMessage());
            }
        }
    }

    /** A JSON object at a path whose keys are checked against the known ones. */
    private static final class Obj {
        private final String path;
        private final JsonNode node;

        Obj(String path, JsonNode node, Set<String> known) {
            this.path = path;
            if (node != null && !node.isNull() && !node.isObject()) {
                throw new InvalidInputException(path, path + " must be a JSON object");
            }
            this.node = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
            List<String> unknown = new ArrayList<>();
            this.node.fieldNames().forEachRemaining(k -> {
                if (!known.contains(k)) {
                    unknown.add(k);
                }
            });
            if (!unknown.isEmpty()) {
                throw new InvalidInputException(path + "." + unknown.get(0), "Unknown key " + path + "." + unknown.get(0)
                        + "; the keys " + path + " accepts are " + known.stream().sorted().toList());
            }
        }

        String path(String key) {
            return path + "." + key;
        }

        boolean has(String key) {
            return node.has(key);
        }

        JsonNode node(String key) {
            return node.get(key);
        }

        Obj object(String key, Set<String> known) {
            return new Obj(path(key), node.get(key), known);
        }

        long integer(String key, long min, long max, long def) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                throw new InvalidInputException(path(key), path(key) + " must be a whole number between " + min + " and " + max);
            }
            if (!v.canConvertToLong()) {
                // asLong() would wrap it into range (2^64 + 5 reads as 5): show it as written
                throw new InvalidInputException(path(key), path(key) + " must be between " + min + " and " + max + ", not " + v.asText());
            }
            long n = v.asLong();
            if (n < min || n > max) {
                throw new InvalidInputException(path(key), path(key) + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        }

        double number(String key, double min, double max, double def) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isNumber()) {
                throw new InvalidInputException(path(key), path(key) + " must be a number between " + min + " and " + max);
            }
            double n = v.asDouble();
            if (n < min || n > max || Double.isNaN(n)) {
                throw new InvalidInputException(path(key), path(key) + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        }

        boolean bool(String key, boolean def) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isBoolean()) {
                throw new InvalidInputException(path(key), path(key) + " must be true or false");
            }
            return v.asBoolean();
        }

        String string(String key, String def) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isTextual()) {
                throw new InvalidInputException(path(key), path(key) + " must be a string");
            }
            return v.asText();
        }

        List<String> strings(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw new InvalidInputException(path(key), path(key) + " must be an array of strings, e.g. [\"**/docs/**\"]");
            }
            if (v.size() > MAX_LIST_ENTRIES) {
                throw new InvalidInputException(path(key), path(key) + " has " + v.size() + " entries; at most "
                        + MAX_LIST_ENTRIES + " are accepted");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw new InvalidInputException(path(key) + "[" + i + "]", path(key) + "[" + i + "] must be a string");
                }
                if (v.get(i).asText().length() > MAX_ENTRY_LENGTH) {
                    throw new InvalidInputException(path(key) + "[" + i + "]", path(key) + "[" + i + "] is "
                            + v.get(i).asText().length() + " characters long; at most " + MAX_ENTRY_LENGTH + " are accepted");
                }
                out.add(v.get(i).asText());
            }
            return out;
        }
    }

    /** Whether java.util.regex accepts the pattern: then only RE2's narrower syntax refused it, which the message says. */
    private static boolean compilesInJava(String pattern) {
        try {
            java.util.regex.Pattern.compile(pattern);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    /** jsoup's reason, without the Java wording of a number it could not read ("For input string: ..."). */
    private static String selectorProblem(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof NumberFormatException || message.startsWith("For input string")
                ? "a number in it is not a whole number this selector can take (at most 2147483647)" : message;
    }
}
