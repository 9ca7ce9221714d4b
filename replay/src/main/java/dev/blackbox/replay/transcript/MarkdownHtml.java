package dev.blackbox.replay.transcript;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.html.UrlSanitizer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's markdown as HTML for the transcript page (commonmark-java, with GitHub tables). What the
 * session wrote is data, never markup: raw HTML in it is shown as text, link targets other than http(s),
 * mailto and relative ones are dropped ({@code javascript:}, {@code data:}), and images are shown as their
 * description (the page loads nothing). Line breaks are kept, as chat viewers do. Thread-safe.
 */
final class MarkdownHtml {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SafeUrls())
            .softbreak("<br>\n")
            .nodeRendererFactory(ImageAsText::new)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "noopener noreferrer nofollow");
                }
            })
            .build();

    private MarkdownHtml() {
    }

    static String render(String markdown) {
        if (isPlainSentence(markdown)) {
            return "<p>" + markdown.replace("\"", "&quot;") + "</p>\n"; // what commonmark makes of it, without a parse
        }
        return RENDERER.render(PARSER.parse(markdown));
    }

    /**
     * One line that markdown leaves as it is, the most common thing an agent says ("I'll run the tests."): it
     * starts with a letter and holds only letters, digits, spaces and {@code , . ; : ' " ? ( ) / % @ $}. Parsing
     * it would give the same paragraph at several times the cost and garbage.
     */
    static boolean isPlainSentence(String s) {
        if (s.isEmpty() || s.length() > 2_000 || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) && " ,.;:'\"?()/%@$".indexOf(c) < 0) {
                return false;
            }
        }
        return s.charAt(s.length() - 1) != ' ';
    }

    /**
     * Keeps http, https, mailto, in-page and relative targets; anything else (javascript:, data:, file:) becomes
     * an in-page anchor that goes nowhere.
     */
    static final class SafeUrls implements UrlSanitizer {
        private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
        static final String REMOVED = "#link-removed";

        @Override
        public String sanitizeLinkUrl(String url) {
            String u = url.strip();
            // what a browser ignores before the scheme and inside it (tabs, newlines, control characters)
            String flat = u.replaceAll("[\\x00-\\x20\\x7f]", "");
            int colon = flat.indexOf(':');
            int slash = flat.indexOf('/'), hash = flat.indexOf('#'), question = flat.indexOf('?');
            boolean hasScheme = colon > 0 && (slash < 0 || colon < slash) && (hash < 0 || colon < hash)
                    && (question < 0 || colon < question);
            if (!hasScheme) {
                return u;
            }
            return SCHEMES.contains(flat.substring(0, colon).toLowerCase(Locale.ROOT)) ? u : REMOVED;
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return sanitizeLinkUrl(url);
        }
    }

    /** An image as its description and address, as text: the page fetches nothing. */
    private static final class ImageAsText implements NodeRenderer {
        private final HtmlNodeRendererContext context;

        ImageAsText(HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            HtmlWriter html = context.getWriter();
            html.tag("span", Map.of("class", "img", "title", "image (not loaded): " + ((Image) node).getDestination()));
            html.text("[image: ");
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                context.render(child);
            }
            html.text("]");
            html.tag("/span");
        }
    }
}
