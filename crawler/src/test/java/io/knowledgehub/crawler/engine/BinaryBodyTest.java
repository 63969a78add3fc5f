package io.knowledgehub.crawler.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Telling a binary body served as text from text, as the crawl does before it reads a page. */
class BinaryBodyTest {

    @Test
    void random_bytes_without_a_nul_are_binary() {
        byte[] noise = new byte[200_000];
        Random random = new Random(42);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (1 + random.nextInt(255)); // no NUL anywhere
        }
        assertThat(PageTask.looksBinary(noise, "text/html; charset=utf-8")).isTrue();
    }

    @Test
    void text_in_any_8_bit_encoding_with_tabs_form_feeds_and_a_stray_control_character_is_text() {
        String page = "<html><head><title>Gr\u00fc\u00dfe</title></head><body>\t<pre>a\fb\r\n</pre><p>"
                + "Caf\u00e9 \u001b[1m bold \u001b[0m ".repeat(3) + "x".repeat(900) + "</p></body></html>";
        assertThat(PageTask.looksBinary(page.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8")).isFalse();
        assertThat(PageTask.looksBinary(page.getBytes(StandardCharsets.ISO_8859_1), "text/html; charset=iso-8859-1")).isFalse();
        assertThat(PageTask.looksBinary(new byte[0], "text/plain")).isFalse();
        // UTF-16 text has NULs and is text
        assertThat(PageTask.looksBinary("<p>hello</p>".getBytes(StandardCharsets.UTF_16), "text/html")).isFalse();
    }
}
