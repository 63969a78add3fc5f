package io.knowledgehub.crawler.extract;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Tells an HTML page that is only a shell for a script to fill in (a single-page app served without its content)
 * from a page with little text: the extracted text is nearly empty, the page has scripts, and it has the mount
 * point such apps render into (or no text at all in its body) ({@code #root}, {@code #app}, {@code #__next}, {@code #__nuxt}, {@code #svelte}).
 * The crawl reports such pages, suggesting {@code render_js: true}.
 */
public final class ClientRenderedShell {

    /** Less main text than this (characters) counts as "nearly empty". */
    static final int NEARLY_EMPTY = 200;
    private static final String MOUNT_POINTS = "#root, #app, #__next, #__nuxt, #svelte, [data-reactroot], app-root";

    private ClientRenderedShell() {
    }

    /** @param body the raw HTML of the page that gave {@code page} */
    public static boolean looksLikeShell(ExtractedPage page, byte[] body, String pageUrl) {
        if (textLength(page.text()) >= NEARLY_EMPTY) {
            return false;
        }
        try {
            // parsed again only for the few pages with almost no text
            Document doc = Jsoup.parse(new ByteArrayInputStream(body), null, pageUrl);
            boolean scripts = !doc.select("script[src], script:not([type=application/ld+json])").isEmpty();
            boolean mount = !doc.select(MOUNT_POINTS).isEmpty();
            // scripts alone are on every page; a mount point, or no text in the whole body, makes it a shell
            return scripts && (mount || doc.body().text().strip().length() < NEARLY_EMPTY);
        } catch (IOException e) {
            return false;
        }
    }

    private static int textLength(String text) {
        int n = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                n += line.strip().length();
            }
        }
        return n;
    }
}
