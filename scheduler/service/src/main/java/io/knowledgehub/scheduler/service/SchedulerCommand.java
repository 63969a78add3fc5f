package io.knowledgehub.scheduler.service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The scheduler image's command line: what a CronJob run, or a Job created by hand with
 * {@code kubectl create job --from=cronjob/...}, asks for.
 * <ul>
 *   <li>no argument: keep running and queue the scheduled refreshes once a minute;</li>
 *   <li>{@code refresh-due} (alias {@code once}): queue the refreshes due now and exit (the CronJob);</li>
 *   <li>{@code refresh-all [--force]}: queue a crawl of every active source and exit;</li>
 *   <li>{@code refresh SOURCE_ID [--force]}: queue a crawl of one source and exit.</li>
 * </ul>
 * {@code --force} makes the crawl a full one (every page re-fetched and re-indexed), as {@code force_refresh} does in
 * the API. A source with a crawl pending or running keeps that one.
 */
sealed interface SchedulerCommand {

    String USAGE = "usage: (no argument: keep scheduling) | refresh-due | refresh-all [--force] | refresh SOURCE_ID [--force]";

    /** Keep running; the in-process scheduler queues the due refreshes every minute. */
    record Serve() implements SchedulerCommand {
    }

    record RefreshDue() implements SchedulerCommand {
    }

    record RefreshAll(boolean force) implements SchedulerCommand {
    }

    record RefreshOne(UUID sourceId, boolean force) implements SchedulerCommand {
    }

    /** Arguments that name no command: the message says what to write instead. */
    record Invalid(String message) implements SchedulerCommand {
    }

    default boolean oneShot() {
        return !(this instanceof Serve);
    }

    static SchedulerCommand parse(List<String> args) {
        if (args.isEmpty()) {
            return new Serve();
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        boolean force = rest.contains("--force");
        List<String> operands = rest.stream().filter(a -> !a.equals("--force")).toList();
        Optional<String> unknownOption = operands.stream().filter(a -> a.startsWith("-")).findFirst();
        if (unknownOption.isPresent()) {
            return new Invalid("unknown option " + unknownOption.get() + " (only --force is known); " + USAGE);
        }
        switch (command) {
            case "refresh-due", "once" -> {
                if (!rest.isEmpty()) {
                    return new Invalid(command + " takes no arguments (it queues what the sources' schedules make due); " + USAGE);
                }
                return new RefreshDue();
            }
            case "refresh-all" -> {
                if (!operands.isEmpty()) {
                    return new Invalid("refresh-all takes no source id (use refresh SOURCE_ID for one source); " + USAGE);
                }
                return new RefreshAll(force);
            }
            case "refresh" -> {
                if (operands.size() != 1) {
                    return new Invalid("refresh needs exactly one SOURCE_ID (the source's UUID, as GET /api/v1/sources lists it); " + USAGE);
                }
                try {
                    return new RefreshOne(UUID.fromString(operands.get(0)), force);
                } catch (IllegalArgumentException e) {
                    return new Invalid("\"" + operands.get(0) + "\" is not a source id: a source id is a UUID such as "
                            + "123e4567-e89b-12d3-a456-426614174000 (GET /api/v1/sources lists them); " + USAGE);
                }
            }
            default -> {
                return new Invalid("unknown command \"" + command + "\"; " + USAGE);
            }
        }
    }
}
