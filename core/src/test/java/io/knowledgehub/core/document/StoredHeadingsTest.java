package io.knowledgehub.core.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredHeadingsTest {

    private static final List<Heading> HEADINGS = List.of(new Heading(1, "Guide — “quoted” <b>", "guide"),
            new Heading(2, "On Linux", null), new Heading(6, "Deep \\ \"escaped\"\n", "deep"));

    /** How the crawler wrote a page's headings before the mapper: its Heading record through the service's Jackson. */
    private record EarlierHeading(int level, String text, String anchor) {
    }

    @Test
    void writes_level_text_and_anchor_with_null_for_no_anchor() {
        assertThat(StoredHeadings.write(List.of(new Heading(2, "Setup", "setup"), new Heading(3, "Linux", null))))
                .isEqualTo("[{\"level\":2,\"text\":\"Setup\",\"anchor\":\"setup\"},{\"level\":3,\"text\":\"Linux\",\"anchor\":null}]");
        assertThat(StoredHeadings.write(List.of())).isEqualTo("[]");
    }

    @Test
    void writes_the_same_bytes_as_earlier_crawls_stored() throws Exception {
        ObjectMapper service = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        String earlier = service.writeValueAsString(HEADINGS.stream()
                .map(h -> new EarlierHeading(h.level(), h.text(), h.anchor())).toList());

        assertThat(StoredHeadings.write(HEADINGS)).isEqualTo(earlier);
    }

    @Test
    void reads_back_what_it_wrote() {
        assertThat(StoredHeadings.read(StoredHeadings.write(HEADINGS))).isEqualTo(HEADINGS);
    }

    @Test
    void reads_unreadable_values_as_no_headings() {
        assertThat(StoredHeadings.read(null)).isEmpty();
        assertThat(StoredHeadings.read("")).isEmpty();
        assertThat(StoredHeadings.read("[{\"level\":1,")).isEmpty();
    }

    @Test
    void leaves_out_entries_without_a_valid_level_or_text() {
        String stored = "[{\"level\":0,\"text\":\"Zero\"},{\"level\":7,\"text\":\"Seven\"},{\"level\":\"2\",\"text\":\"Quoted\"},"
                + "{\"level\":2},{\"level\":2,\"text\":null},{\"level\":2,\"text\":\"Kept\"},{\"level\":3,\"text\":\"Also\",\"anchor\":5}]";

        assertThat(StoredHeadings.read(stored)).containsExactly(new Heading(2, "Kept", null), new Heading(3, "Also", null));
    }

    @Test
    void rejects_a_heading_level_outside_one_to_six() {
        assertThatThrownBy(() -> new Heading(0, "Zero", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Heading(7, "Seven", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Heading(1, null, null)).isInstanceOf(NullPointerException.class);
    }
}
