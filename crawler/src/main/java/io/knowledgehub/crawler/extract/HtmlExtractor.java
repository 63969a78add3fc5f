package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.engine.ExtractedPage;
import io.knowledgehub.crawler.scope.UrlNormalizer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.QueryParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an HTML page into an {@link ExtractedPage}: title, links, canonical URL, and the structured, cleaned and
 * hashed text of its main content. Built once per crawl from the source's config (selectors and patterns are
 * compiled here); {@link #extract} is a pure function of its arguments and safe to call from many threads.
 *
 * <p>Main content: {@code main}, else {@code article}, else {@code [role=main]}, else the common content
 * container with the most text ({@code div.body}, {@code #content}, DocBook's {@code div.sect1} ...), else
 * {@code body}. Boilerplate (scripts, navigation, page header and footer, sidebars, forms, DocBook
 * {@code navheader}/{@code navfooter}) and the source's {@code exclude_selectors} are removed first; links are
 * collected from the whole page before that.
 */
public final class HtmlExtractor {

    private static final Evaluator LINKS = QueryParser.parse("a[href], area[href]");
    private static final Evaluator CANONICAL = QueryParser.parse("link[rel=canonical][href]");
    private static final Evaluator BOILERPLATE = QueryParser.parse(String.join(", ",
            "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "iframe", "object",
            "[hidden]", "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=search]",
            // DocBook (PostgreSQL docs) and Sphinx navigation bars and permalink marks
            "div.navheader", "div.navfooter", "div.sphinxsidebar", "div.related", "a.headerlink"));
    private static final Evaluator HEADER = QueryParser.parse("header");
    private static final Evaluator FORM = QueryParser.parse("form");
    private static final Evaluator IN_CONTENT = QueryParser.parse("article, main, [role=main]");
    private static final Evaluator H1 = QueryParser.parse("h1");
    /** Tried in order; within a tier the element with the most text wins. */
    private static final List<Evaluator> MAIN_TIERS = List.of(
            QueryParser.parse("main"),
            QueryParser.parse("article"),
            QueryParser.parse("[role=main]"),
            QueryParser.parse(String.join(", ", "div.body", "div.document", "#content", ".content", "#main-content",
                    ".main-content", "#main", ".markdown-body", ".rst-content", ".post-content", ".entry-content",
                    "div.book", "div.part", "div.chapter", "div.appendix", "div.preface", "div.reference",
                    "div.sect1", "div.refentry", "div.article", "div.set")));

    private final Evaluator excluded;
    private final TextCleaner cleaner;
    private final ContentHasher hasher;

    public HtmlExtractor(SourceConfig.ContentExtraction extraction, TextCleaner cleaner) {
        this.excluded = extraction.excludeSelectors().isEmpty() ? null
                : QueryParser.parse(String.join(", ", extraction.excludeSelectors()));
        this.cleaner = cleaner;
        this.hasher = new ContentHasher(extraction.normalizeWhitespace(), extraction.ignoreCase());
    }

    public static HtmlExtractor forConfig(SourceConfig config) {
        return new HtmlExtractor(config.contentExtraction(), TextCleaner.of(config.contentCleaning().removePatterns()));
    }

    public ContentHasher hasher() {
        return hasher;
    }

    /**
     * @param body        the raw bytes of the page
     * @param contentType the Content-Type header (its charset is used when present), may be null
     * @param pageUrl     the URL the page was fetched from: relative links resolve against it
     */
    public ExtractedPage extract(byte[] body, String contentType, String pageUrl) {
        try {
            return extract(Jsoup.parse(new ByteArrayInputStream(body), charsetOf(contentType), pageUrl));
        } catch (IOException e) {
            // reading from a byte array fails only on an undecodable charset name
            throw new UncheckedIOException("could not decode the page", e);
        }
    }

    public ExtractedPage extract(String html, String pageUrl) {
        return extract(Jsoup.parse(html, pageUrl));
    }

    private ExtractedPage extract(Document doc) {
        List<String> links = links(doc);
        String canonical = canonical(doc);
        String title = title(doc);

        removeBoilerplate(doc);
        Element main = mainContent(doc);
        StructuredText structured = StructuredText.of(main);
        String text = cleaner.clean(structured.text());
        return new ExtractedPage(title, text, structured.headings(), hasher.hash(text), canonical, links);
    }

    private static List<String> links(Document doc) {
        Set<String> out = new LinkedHashSet<>();
        for (Element a : doc.select(LINKS)) {
            String href = a.attr("href");
            if (href.isEmpty() || href.charAt(0) == '#') {
                continue;
            }
            String url = UrlNormalizer.normalize(a.absUrl("href"));
            if (url != null) {
                out.add(url);
            }
        }
        return new ArrayList<>(out);
    }

    private static String canonical(Document doc) {
        Element link = doc.selectFirst(CANONICAL);
        return link == null ? null : UrlNormalizer.normalize(link.absUrl("href"));
    }

    private static String title(Document doc) {
        String title = StructuredText.collapse(doc.title());
        if (!title.isEmpty()) {
            return title;
        }
        Element h1 = doc.selectFirst(H1);
        return h1 == null ? "" : StructuredText.collapse(h1.text());
    }

    private void removeBoilerplate(Document doc) {
        doc.select(BOILERPLATE).remove();
        // a page header is boilerplate, an article's own header (its title) is content
        for (Element header : doc.select(HEADER)) {
            if (!hasAncestor(header, IN_CONTENT)) {
                header.remove();
            }
        }
        // some frameworks wrap the whole page in one <form>: unwrap that one instead of losing the page
        Elements forms = doc.select(FORM);
        if (!forms.isEmpty()) {
            int bodyText = textLength(doc.body());
            for (Element form : forms) {
                if (form.parent() == null) {
                    continue;
                }
                if (textLength(form) * 2 > bodyText) {
                    form.unwrap();
                } else {
                    form.remove();
                }
            }
        }
        if (excluded != null) {
            doc.select(excluded).remove();
        }
    }

    private static Element mainContent(Document doc) {
        Element body = doc.body();
        int bodyText = textLength(body);
        for (Evaluator tier : MAIN_TIERS) {
            Element best = null;
            int bestText = -1;
            for (Element candidate : doc.select(tier)) {
                int length = textLength(candidate);
                if (length > bestText) {
                    best = candidate;
                    bestText = length;
                }
            }
            // an empty <main> placeholder filled by JavaScript must not hide the real content
            if (best != null && bestText > 0 && bestText * 10 >= bodyText) {
                return best;
            }
        }
        return body;
    }

    private static boolean hasAncestor(Element el, Evaluator evaluator) {
        for (Element p = el.parent(); p != null; p = p.parent()) {
            if (p.is(evaluator)) {
                return true;
            }
        }
        return false;
    }

    /** Non-whitespace characters of text under {@code root}, counted without building the string. */
    static int textLength(Element root) {
        int[] count = {0};
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof TextNode t) {
                String s = t.getWholeText();
                for (int i = 0; i < s.length(); i++) {
                    if (!Character.isWhitespace(s.charAt(i))) {
                        count[0]++;
                    }
                }
            }
        }, root);
        return count[0];
    }

    private static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return null;
        }
        int end = at + 8;
        while (end < contentType.length() && ";, \t".indexOf(contentType.charAt(end)) < 0) {
            end++;
        }
        String name = contentType.substring(at + 8, end).replace("\"", "").replace("'", "");
        try {
            return Charset.isSupported(name) ? name : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
