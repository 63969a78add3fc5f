package io.knowledgehub.core.source;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), as in crontab: {@code *}, numbers,
 * ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists {@code a,b}; day-of-week 0 and 7 are Sunday.
 * As in crontab, when both day fields are restricted a day matches if either does.
 *
 * <p>Parsing and matching are cron-utils' UNIX definition; this class keeps the messages users see when a
 * source's {@code refresh_schedule} is wrong (which field, what is accepted) and the numeric grammar above (names
 * such as {@code mon} are refused, as before).
 */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    /** One element of a field's list: {@code *}, a number or a range, with an optional step. */
    private static final Pattern PART = Pattern.compile("(\\*|\\d+(-\\d+)?)(/\\d+)?");

    private final String expression;
    private final ExecutionTime executions;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executions = ExecutionTime.forCron(cron);
    }

    /** @throws IllegalArgumentException saying which field is wrong */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a cron expression must not be empty");
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression '" + expression
                    + "' must have 5 fields (minute hour day-of-month month day-of-week), e.g. '0 2 * * 0'");
        }
        for (int i = 0; i < fields.length; i++) {
            check(fields[i], i);
        }
        try {
            return new CronSchedule(expression, PARSER.parse(String.join(" ", fields)).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron expression '" + expression + "' is not valid: " + e.getMessage(), e);
        }
    }

    /** Whether the minute of {@code time} is one the schedule fires at. */
    public boolean matches(ZonedDateTime time) {
        return executions.isMatch(time.truncatedTo(ChronoUnit.MINUTES));
    }

    /** The first time after {@code time} (strictly) that the schedule fires at. */
    public Optional<ZonedDateTime> next(ZonedDateTime time) {
        return executions.nextExecution(time);
    }

    /** Days in each month at most (February in a leap year). */
    private static final int[] MONTH_DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final String[] MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};

    /**
     * Refuses a schedule whose days of the month occur in none of its months ({@code 0 0 31 2 *}): it would be accepted
     * and never run. With a day of the week as well, cron fires on either, so such a schedule does run. Checked where
     * a schedule is given (not by {@link #parse}, so that one stored before still loads).
     *
     * @throws IllegalArgumentException saying which day and months
     */
    public void requireFiresSomeDay() {
        String[] fields = expression.trim().split("\\s+");
        String dayOfMonth = fields[2];
        String month = fields[3];
        String dayOfWeek = fields[4];
        if (!dayOfWeek.equals("*") || dayOfMonth.equals("*")) {
            return;
        }
        int firstDay = 31;
        for (int d : check(dayOfMonth, 2)) {
            firstDay = Math.min(firstDay, d);
        }
        List<String> months = new ArrayList<>();
        for (int m : check(month, 3)) {
            if (firstDay <= MONTH_DAYS[m - 1]) {
                return;
            }
            months.add(MONTH_NAMES[m - 1]);
        }
        throw new IllegalArgumentException("cron expression '" + expression + "' never fires: day " + firstDay
                + " of the month does not occur in " + String.join(", ", months));
    }

    /** The numeric grammar and ranges, checked per field so that the message names the field; the values it takes. */
    private static List<Integer> check(String field, int index) {
        String name = NAMES[index];
        int min = RANGES[index][0];
        int max = RANGES[index][1];
        List<Integer> values = new ArrayList<>();
        for (String part : field.split(",", -1)) {
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("cron " + name + " '" + part + "' is not a number, range, list or step");
            }
            int slash = part.indexOf('/');
            String range = slash >= 0 ? part.substring(0, slash) : part;
            int step = slash >= 0 ? number(part.substring(slash + 1), name, part) : 1;
            if (step < 1) {
                throw new IllegalArgumentException("cron " + name + " step '" + part + "' must be 1 or more");
            }
            int from = min;
            int to = max;
            if (!range.equals("*")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], name, part);
                to = ends.length == 2 ? number(ends[1], name, part) : from;
                for (int value : new int[] {from, to}) {
                    if (value < min || value > max) {
                        throw new IllegalArgumentException("cron " + name + " '" + part + "' is outside " + min + "-" + max);
                    }
                }
                if (from > to) {
                    throw new IllegalArgumentException("cron " + name + " range '" + part + "' runs backwards");
                }
                if (slash >= 0 && ends.length == 1) { // 5/10: from 5 to the end in steps of 10
                    to = max;
                }
            }
            for (long v = from; v <= to; v += step) {
                values.add((int) v);
            }
        }
        return values;
    }

    private static int number(String digits, String name, String part) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) { // too many digits
            throw new IllegalArgumentException("cron " + name + " '" + part + "' is not a number, range, list or step");
        }
    }

    @Override
    public String toString() {
        return expression;
    }
}
