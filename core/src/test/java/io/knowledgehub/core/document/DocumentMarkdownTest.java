package io.knowledgehub.core.document;

import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentMarkdownTest {

    private static Document doc(String title, String content, String markdown) {
        Document d = new Document();
        d.title = title;
        d.content = content;
        d.markdown = markdown;
        d.headings = "[{\"level\":2,\"text\":\"Install\",\"anchor\":\"install\"},"
                + "{\"level\":3,\"text\":\"On Linux\",\"anchor\":null},{\"level\":2,\"text\":\"Use\",\"anchor\":\"use\"}]";
        return d;
    }

    private static final String BODY = "Intro.\n\n## Install\n\nSteps.\n\n```sh\n## not a heading\n```\n\n"
            + "### On Linux\n\napt install.\n\n## Use\n\nRun it.";

    @Test
    void puts_the_title_first_unless_the_text_opens_with_it() {
        assertThat(DocumentMarkdown.render(doc("Guide", "Plain text.", null))).isEqualTo("# Guide\n\nPlain text.\n");
        assertThat(DocumentMarkdown.render(doc("Guide", "# Guide\n\nText.", null))).isEqualTo("# Guide\n\nText.\n");
    }

    @Test
    void prefers_the_markdown_form_over_the_indexed_text() {
        assertThat(DocumentMarkdown.render(doc("Guide", "a | b", "| a | b |\n| --- | --- |")))
                .isEqualTo("# Guide\n\n| a | b |\n| --- | --- |\n");
    }

    @Test
    void renders_one_section_by_anchor_or_heading_text() {
        Document d = doc("Guide", BODY, null);

        assertThat(DocumentMarkdown.render(d, "install"))
                .isEqualTo("## Install\n\nSteps.\n\n```sh\n## not a heading\n```\n\n### On Linux\n\napt install.\n");
        assertThat(DocumentMarkdown.render(d, "on linux")).isEqualTo("### On Linux\n\napt install.\n");
        assertThat(DocumentMarkdown.render(d, "#use")).isEqualTo("## Use\n\nRun it.\n");
        assertThatThrownBy(() -> DocumentMarkdown.render(d, "missing")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("install");
    }

    @Test
    void outline_gives_heading_lines_outside_fences_their_stored_anchors() {
        DocumentMarkdown.Outline outline = DocumentMarkdown.outline(doc("Guide", BODY, null));

        assertThat(outline.headings(0, outline.lines().size()))
                .extracting(DocumentMarkdown.Line::level, DocumentMarkdown.Line::headingText, DocumentMarkdown.Line::anchor)
                .containsExactly(tuple(2, "Install", "install"),
                        tuple(3, "On Linux", null),
                        tuple(2, "Use", "use"));
        assertThat(outline.find("linux")).map(s -> outline.text(s.from(), s.to())).hasValue("### On Linux\n\napt install.");
        assertThat(outline.find("Upgrade")).isEmpty();
    }
}
