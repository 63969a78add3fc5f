package io.knowledgehub.core.document;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps page text literal in the Markdown written from it: text that looks like HTML or an entity
 * ({@code <script>}, {@code <mark>x</mark>}, {@code &amp;} written out) is shown as the page showed it, not taken
 * as raw HTML or an entity by a renderer. Used by every Markdown answer ({@link DocumentMarkdown}, Markdown snippets, the MCP
 * tools), as the last step, on the Markdown as handed out.
 *
 * <p>The rule, outside code (code spans and fenced or indented code blocks, whose content CommonMark shows as
 * written: they are left as they are):
 * <ul>
 *   <li>every {@code <} becomes {@code \<}: no raw HTML, HTML block, comment or autolink can start;</li>
 *   <li>an {@code &} that would read as an entity or character reference ({@code &name;}, {@code &#123;},
 *       {@code &#x1F;}) becomes {@code \&}; {@code AT&T} and {@code a && b} stay as they are;</li>
 *   <li>a backtick that opens no code span becomes {@code \`}, so that no renderer can pair it with another one
 *       into a code span that does not exist here (in a text that holds a {@code <}, {@code &} or {@code >}: without
 *       them, such a code span hides nothing);</li>
 *   <li>a {@code >} that starts a block quote (at a line start) becomes {@code \>}: page text is never quoted;
 *       elsewhere it is left, as it is harmless there.</li>
 * </ul>
 * Backslash escapes are CommonMark's (any ASCII punctuation), so the text reads the same; what is escaped already
 * ({@code \<}) is left, so escaping twice changes nothing. Other Markdown punctuation ({@code *}, {@code _},
 * {@code [}, {@code #}) is left to the writers, as before.
 *
 * <p>What is code is decided by parsing the Markdown (CommonMark with GFM tables) rather than by scanning for
 * backticks: a code span's extent depends on the block it is in (a paragraph, a list item, a table cell), and a
 * guess that took text for code would leave its {@code <} raw. Escaping can change what the parse finds (a
 * backtick inside what was an HTML tag may now pair), so the text is parsed again until nothing is left to escape.
 */
public final class MarkdownEscaping {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    /** CommonMark's entity and numeric character references. */
    private static final Pattern ENTITY = Pattern.compile("&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});");
    /**
     * Parses before giving up on the parser's view and escaping code too (a safe answer with stray backslashes in
     * code; three parses were the most that random texts of Markdown punctuation needed).
     */
    private static final int MAX_ROUNDS = 8;

    private MarkdownEscaping() {
    }

    /** {@code markdown} with page text kept literal, as described above; "" for null. */
    public static String escape(String markdown) {
        if (markdown == null) {
            return "";
        }
        if (!mayNeedEscaping(markdown)) {
            return markdown;
        }
        String text = markdown;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Node document = PARSER.parse(text);
            boolean[] marks = marks(text, codeOf(text, document), quoteMarkers(text, document));
            if (marks == null) {
                return text;
            }
            text = apply(text, marks);
        }
        return apply(text, marks(text, new boolean[text.length()], lineStartQuotes(text)));
    }

    /**
     * Whether {@code s} holds a character that can start raw HTML, an entity or a block quote. Without one, stray
     * backticks are harmless (they can only pair into code spans, which hide nothing), and the parse is skipped: most
     * snippets and passages are such text.
     */
    private static boolean mayNeedEscaping(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<' || c == '&' || c == '>') {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a backslash goes: before each {@code <}, entity {@code &} and backtick outside {@code code} that is not
     * escaped already, and before each block quote marker in {@code quotes}; null when nowhere.
     */
    private static boolean[] marks(String text, boolean[] code, boolean[] quotes) {
        boolean[] marks = null;
        int i = 0;
        while (i < text.length()) {
            if (code[i]) {
                i++;
                continue;
            }
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && !code[i + 1] && isAsciiPunctuation(text.charAt(i + 1))) {
                i += 2; // escaped already
                continue;
            }
            boolean mark = c == '<' || c == '`' || quotes[i]
                    || c == '&' && ENTITY.matcher(text).region(i, text.length()).lookingAt();
            if (mark) {
                if (marks == null) {
                    marks = new boolean[text.length()];
                }
                marks[i] = true;
            }
            i++;
        }
        return marks;
    }

    private static String apply(String text, boolean[] marks) {
        if (marks == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            if (marks[i]) {
                out.append('\\');
            }
            out.append(text.charAt(i));
        }
        return out.toString();
    }

    /** The characters of code spans and code blocks, backticks and fences included. */
    private static boolean[] codeOf(String text, Node document) {
        boolean[] code = new boolean[text.length()];
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Code node) {
                mark(node);
            }

            @Override
            public void visit(FencedCodeBlock node) {
                mark(node);
            }

            @Override
            public void visit(IndentedCodeBlock node) {
                mark(node);
            }

            private void mark(Node node) {
                for (SourceSpan span : node.getSourceSpans()) {
                    int end = Math.min(text.length(), span.getInputIndex() + span.getLength());
                    for (int i = Math.max(0, span.getInputIndex()); i < end; i++) {
                        code[i] = true;
                    }
                }
            }
        });
        return code;
    }

    /** The {@code >} that starts each line of a block quote (lazy continuation lines have none). */
    private static boolean[] quoteMarkers(String text, Node document) {
        boolean[] quotes = new boolean[text.length()];
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(BlockQuote node) {
                for (SourceSpan span : node.getSourceSpans()) {
                    int i = span.getInputIndex();
                    int end = Math.min(text.length(), i + span.getLength());
                    while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                        i++;
                    }
                    if (i < end && text.charAt(i) == '>') {
                        quotes[i] = true;
                    }
                }
                visitChildren(node);
            }
        });
        return quotes;
    }

    /** The fallback's block quote markers: a {@code >} after nothing but spaces, list markers and other markers. */
    private static boolean[] lineStartQuotes(String text) {
        boolean[] quotes = new boolean[text.length()];
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineStart = true;
            } else if (lineStart && c == '>') {
                quotes[i] = true;
                lineStart = false;
            } else if (c != ' ' && c != '\t' && c != '-' && c != '*' && c != '+' && c != '.' && c != ')'
                    && !Character.isDigit(c)) {
                lineStart = false;
            }
        }
        return quotes;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }
}
