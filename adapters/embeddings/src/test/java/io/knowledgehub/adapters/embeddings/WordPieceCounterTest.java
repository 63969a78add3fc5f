package io.knowledgehub.adapters.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Java word-piece count equals the native tokenizer's on every kind of text, for both model families. */
class WordPieceCounterTest {

    private static final List<String> SAMPLES = List.of(
            "Connection pooling with PgBouncer reduces the cost of new connections.",
            "SELECT pg_stat_statements.query, calls FROM pg_stat_statements WHERE calls > 100;",
            "Use csv.Sniffer.sniff() and React.memo(); see §4.2 — “smart quotes” and ‘apostrophes’…",
            "Crème brûlée, naïve café, Ångström, Straße, İstanbul, ǅemal, ﬁnance (ligature)",
            "中文字符混合English words 和 日本語のテキスト 한국어 텍스트",
            "Emoji 🚀🔥 and math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, surrogates 𠀋 and private use \uE000 here",
            "Tabs\tand\nnewlines\r\nand\u00a0non-breaking\u2003em\u2028line\u2029para spaces\u000Bvt\u000Cff\u0085nel",
            "Control\u0000chars\u0007and\u200Bzero-width\u200Djoiner\uFEFFbom\uFFFDreplacement",
            "x".repeat(101) + " " + "y".repeat(100) + " supercalifragilisticexpialidocious",
            "Ünïcödé ÀÉÎÕÜ ﬀ ℌ ℍ Ⅻ ½ ² ³ № ™ ©",
            "The quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX! 12,345.67 and 1e-10",
            "",
            "   ",
            "a-b_c.d/e\\f|g~h^i`j{k}l[m]n(o)p<q>r@s#t$u%v&w*x+y=z",
            "Ελληνικά κείμενα με τόνους, русский текст с ударе́нием, עברית, العربية");

    private static Counted miniLm;
    private static Counted bge;

    /** The catalog's plain-Java counter beside the model's native tokenizer. */
    private record Counted(TokenCounter counter, HuggingFaceTokenizer tokenizer) {
        int count(String text) {
            return counter.count(text);
        }

        int nativeCount(String text) {
            return tokenizer.encode(text, false, false).getIds().length;
        }
    }

    @BeforeAll
    static void load() throws Exception {
        NativeLibraries.prepare(Files.createTempDirectory("kh-tokenizers"));
        miniLm = counted("all-MiniLM-L6-v2");
        bge = counted("bge-small-en-v1.5");
    }

    private static Counted counted(String model) {
        return new Counted(ModelCatalog.tokenCounter(model), Tokenizers.counting(ModelCatalog.tokenizerResource(model)));
    }

    @AfterAll
    static void close() {
        miniLm.tokenizer().close();
        bge.tokenizer().close();
    }

    @Test
    void counts_equal_the_native_tokenizer_on_tricky_text() {
        for (Counted counter : List.of(miniLm, bge)) {
            for (String s : SAMPLES) {
                assertThat(counter.count(s)).as(s).isEqualTo(counter.nativeCount(s));
            }
        }
    }

    @Test
    void counts_equal_the_native_tokenizer_on_random_mixtures() {
        Random random = new Random(42);
        List<String> pieces = new ArrayList<>();
        for (String s : SAMPLES) {
            pieces.addAll(List.of(s.split("(?<=\\s)")));
        }
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(12); j >= 0; j--) {
                String piece = pieces.get(random.nextInt(pieces.size()));
                text.append(random.nextBoolean() ? piece : piece.toUpperCase());
            }
            String s = text.toString();
            assertThat(miniLm.count(s)).as(s).isEqualTo(miniLm.nativeCount(s));
        }
    }

    @Test
    void a_plain_sentence_splits_into_known_pieces() {
        assertThat(miniLm.count("hello world")).isEqualTo(2);
        assertThat(miniLm.count("Hello, world!")).isEqualTo(4);
        assertThat(miniLm.count("")).isZero();
    }
}
