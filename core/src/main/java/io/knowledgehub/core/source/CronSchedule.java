package io.knowledgehub.core.source;

import java.time.ZonedDateTime;
import java.util.BitSet;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), as in crontab: {@code *}, numbers,
 * ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists {@code a,b}; day-of-week 0 and 7 are Sunday.
 * As in crontab, when both day fields are restricted a day matches if either does.
 */
public final class CronSchedule {

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String expression, String[] f) {
        this.expression = expression;
        this.minutes = field(f[0], 0, 59, "minute");
        this.hours = field(f[1], 0, 23, "hour");
        this.daysOfMonth = field(f[2], 1, 31, "day of month");
        this.months = field(f[3], 1, 12, "month");
        BitSet dow = field(f[4], 0, 7, "day of week");
        if (dow.get(7)) {
            dow.set(0);
        }
        this.daysOfWeek = dow;
        this.domRestricted = !f[2].equals("*");
        this.dowRestricted = !f[4].equals("*");
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
        return new CronSchedule(expression, fields);
    }

    /** Whether the minute of {@code time} is one the schedule fires at. */
    public boolean matches(ZonedDateTime time) {
        if (!minutes.get(time.getMinute()) || !hours.get(time.getHour()) || !months.get(time.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(time.getDayOfMonth());
        boolean dow = daysOfWeek.get(time.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String spec, int min, int max, String name) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, name, part);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, name, part);
                to = number(ends[1], min, max, name, part);
                if (from > to) {
                    throw new IllegalArgumentException("cron " + name + " range '" + part + "' runs backwards");
                }
            } else {
                from = number(range, min, max, name, part);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, String name, String part) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("cron " + name + " '" + part + "' is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + name + " '" + part + "' is not a number, range, list or step");
        }
    }

    @Override
    public String toString() {
        return expression;
    }
}
