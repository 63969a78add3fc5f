package io.knowledgehub.scheduler.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerCommandTest {

    private static final UUID ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    private static SchedulerCommand parse(String... args) {
        return SchedulerCommand.parse(List.of(args));
    }

    @Test
    void no_argument_keeps_scheduling() {
        assertThat(parse()).isEqualTo(new SchedulerCommand.Serve());
        assertThat(parse().oneShot()).isFalse();
    }

    @Test
    void refresh_due_and_its_alias_once() {
        assertThat(parse("refresh-due")).isEqualTo(new SchedulerCommand.RefreshDue());
        assertThat(parse("once")).isEqualTo(new SchedulerCommand.RefreshDue());
        assertThat(parse("refresh-due").oneShot()).isTrue();
    }

    @Test
    void refresh_all_incremental_or_forced() {
        assertThat(parse("refresh-all")).isEqualTo(new SchedulerCommand.RefreshAll(false));
        assertThat(parse("refresh-all", "--force")).isEqualTo(new SchedulerCommand.RefreshAll(true));
    }

    @Test
    void refresh_one_source_with_force_before_or_after_the_id() {
        assertThat(parse("refresh", ID.toString())).isEqualTo(new SchedulerCommand.RefreshOne(ID, false));
        assertThat(parse("refresh", ID.toString(), "--force")).isEqualTo(new SchedulerCommand.RefreshOne(ID, true));
        assertThat(parse("refresh", "--force", ID.toString())).isEqualTo(new SchedulerCommand.RefreshOne(ID, true));
        assertThat(parse("refresh", ID.toString()).oneShot()).isTrue();
    }

    @Test
    void wrong_arguments_say_what_to_write() {
        assertThat(message(parse("refresh"))).contains("exactly one SOURCE_ID");
        assertThat(message(parse("refresh", "docs"))).contains("\"docs\" is not a source id").contains("UUID");
        assertThat(message(parse("refresh", ID.toString(), ID.toString()))).contains("exactly one SOURCE_ID");
        assertThat(message(parse("refresh-all", ID.toString()))).contains("refresh SOURCE_ID");
        assertThat(message(parse("refresh-due", "--force"))).contains("takes no arguments");
        assertThat(message(parse("refresh", ID.toString(), "--full"))).contains("unknown option --full");
        assertThat(message(parse("refresh-everything"))).contains("unknown command \"refresh-everything\"")
                .contains(SchedulerCommand.USAGE);
        assertThat(parse("bogus").oneShot()).as("an invalid command exits at once, it never serves").isTrue();
    }

    private static String message(SchedulerCommand c) {
        assertThat(c).isInstanceOf(SchedulerCommand.Invalid.class);
        return ((SchedulerCommand.Invalid) c).message();
    }
}
