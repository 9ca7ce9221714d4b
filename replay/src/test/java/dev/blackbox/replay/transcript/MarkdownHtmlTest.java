package dev.blackbox.replay.transcript;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownHtmlTest {

    @Test
    @DisplayName("Markdown becomes HTML: lists, tables, emphasis, code, line breaks kept")
    void renders() {
        String html = MarkdownHtml.render("Plan:\n- **one**\n- `two`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nfirst\nsecond");
        assertThat(html).contains("<li><strong>one</strong></li>", "<li><code>two</code></li>", "<th>a</th>", "<td>2</td>",
                "first<br>\nsecond");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'll run a command.", "The tool ran and printed: hello. All done.",
            "Done (3 files, 100% of them) at /home/user/app; next: \"npm test\"?", "Résumé ça $5 @alice", "x"})
    @DisplayName("A plain sentence skips the parser and comes out exactly as commonmark renders it")
    void plainSentences(String sentence) {
        assertThat(MarkdownHtml.isPlainSentence(sentence)).isTrue();
        String parsed = org.commonmark.renderer.html.HtmlRenderer.builder().escapeHtml(true).build()
                .render(org.commonmark.parser.Parser.builder().build().parse(sentence));
        assertThat(MarkdownHtml.render(sentence)).isEqualTo(parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1. a list", "- item", "# heading", "a *b*", "a_b_", "a `b`", "a [b](c)", "a <b>", "a & b",
            "a\nb", "a  ", "    code", "a \\ b", "a | b", "a ~b~", "a!", "Setext\n===", "3 apples"})
    @DisplayName("Anything markdown could read differently goes through the parser")
    void notPlain(String text) {
        assertThat(MarkdownHtml.isPlainSentence(text)).isFalse();
    }

    @Test
    @DisplayName("Raw HTML in the markdown is shown as text, never as markup")
    void rawHtmlIsText() {
        String html = MarkdownHtml.render("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> and <b onclick=x>b</b>");
        assertThat(html).doesNotContain("<script", "<img", "<b ").contains("&lt;script&gt;alert(1)&lt;/script&gt;",
                "&lt;img src=x onerror=alert(2)&gt;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)", "file:///etc/passwd"})
    @DisplayName("Links to scripts, data and local files go nowhere")
    void unsafeLinks(String target) {
        assertThat(MarkdownHtml.render("[click](" + target + ")")).contains("href=\"#link-removed\"")
                .doesNotContainIgnoringCase("href=\"" + target.substring(0, 4));
        assertThat(MarkdownHtml.render("<" + target + ">")).doesNotContain("href=\"" + target.substring(0, 4));
    }

    @Test
    @DisplayName("A javascript: target hidden with whitespace or entities is still caught")
    void obfuscatedLinks() {
        assertThat(MarkdownHtml.SafeUrls.class).isNotNull();
        MarkdownHtml.SafeUrls urls = new MarkdownHtml.SafeUrls();
        assertThat(urls.sanitizeLinkUrl("java\tscript:alert(1)")).isEqualTo("#link-removed");
        assertThat(urls.sanitizeLinkUrl(" javascript:alert(1)")).isEqualTo("#link-removed");
        assertThat(MarkdownHtml.render("[x](&#106;avascript:alert(1))")).contains("href=\"#link-removed\"");
    }

    @Test
    @DisplayName("Web, mail, in-page and relative links are kept; images are described, not loaded")
    void safeLinksAndImages() {
        assertThat(MarkdownHtml.render("[a](https://example.com/x?y=1) [b](mailto:a@b.c) [c](#e12) [d](src/a.js)"))
                .contains("href=\"https://example.com/x?y=1\"", "href=\"mailto:a@b.c\"", "href=\"#e12\"", "href=\"src/a.js\"",
                        "rel=\"noopener noreferrer nofollow\"");
        String image = MarkdownHtml.render("![a chart](https://example.com/chart.png)");
        assertThat(image).doesNotContain("<img").contains("[image: a chart]", "https://example.com/chart.png");
    }
}
