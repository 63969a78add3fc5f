package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.source.SourceConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextExtractorTest {

    private final HtmlExtractor html = HtmlExtractor.forConfig(SourceConfig.defaults());
    private final PlainTextExtractor extractor = new PlainTextExtractor(html.cleaner(), html.hasher());

    @Test
    void splits_paragraphs_on_blank_lines_and_takes_the_first_line_as_title() {
        ExtractedPage page = extractor.extract("Release notes\r\n=============\r\n\r\nVersion 2 adds\r\nstreaming.   \r\n\r\n\r\n"
                + "# a shell comment\n```not a fence\n\nSection\n-------\n* * *\n", "https://docs.example.com/NEWS.txt");

        assertThat(page.title()).isEqualTo("Release notes");
        // an underline or a rule would make a heading or a break of it in Markdown: the title shown twice as a heading
        assertThat(page.text()).isEqualTo("Release notes\n\\=============\n\nVersion 2 adds\nstreaming.\n\n"
                + "\\# a shell comment\n\\```not a fence\n\nSection\n\\-------\n\\* * *");
        assertThat(page.headings()).isEmpty();
        assertThat(page.links()).isEmpty();
        assertThat(page.kind()).isEqualTo(ContentKind.TEXT);
    }

    @Test
    void takes_the_file_name_as_title_when_the_first_line_is_long() {
        ExtractedPage page = extractor.extract("x".repeat(200) + "\n\nmore", "https://docs.example.com/docs/LICENSE.txt");

        assertThat(page.title()).isEqualTo("LICENSE");
        // a banner rule as the first line gives no title of its own: the file name
        assertThat(extractor.extract("==========\nRELEASE\n==========\n\ntext", "https://docs.example.com/docs/NOTES.txt").title())
                .isEqualTo("NOTES");
    }
}
