package dev.blackbox.replay.transcript;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.state.SessionState;
import dev.blackbox.replay.transcript.Item.Ref;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * One self-contained HTML file (inline CSS and script, no fetches), written in one streaming pass:
 * <ul>
 *   <li>the items in order, the agent's markdown rendered ({@link MarkdownHtml}), file edits as diffs
 *       ({@link EditDiff}), tool input and long output collapsible;</li>
 *   <li>ids on each item ({@code data-tool-use-id}, {@code data-request-id}, {@code data-kind}) from which the
 *       page's script puts a tool result under its call (or links the two both ways when the result comes
 *       much later) and links each decision to its request, whose card then shows the outcome;</li>
 *   <li>the session's totals, folded by {@link SessionState} as the entries stream by and written after the
 *       last one; the stylesheet shows them at the top (and the caller's integrity verdict above them);</li>
 *   <li>a bar with a filter per kind, a search box ({@code #search=WORD} and {@code #hide=tools,system} in the
 *       URL) and a timeline of markers (prompts, decisions, results, connection changes).</li>
 * </ul>
 * The page records what its script did in {@code <body>} attributes ({@code data-ready}, {@code data-errors},
 * {@code data-matches}, {@code data-paired}, ...) so a headless browser can check it. Its Content-Security-Policy
 * allows only its own style and script (by hash): even markup that slipped through escaping could not run.
 * Nothing is kept per item on the Java side: memory is the fold's, bounded however long the session.
 */
final class HtmlTranscript extends ItemTranscript {

    private static final String CSS = "\n" + resource("transcript.css");
    private static final String SCRIPT = "\n" + resource("transcript.js");
    private static final String CSP = "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src '" + sha256(SCRIPT)
            + "'; base-uri 'none'; form-action 'none'";
    private static final int BODY_LIMIT = 200_000;
    /** The filter groups of the bar, in its order. */
    private static final String[] GROUPS = {"assistant", "user", "tools", "permissions", "turns", "connection", "system"};

    private SessionState totals;
    private long lastSeq = -1;
    private int itemsOfSeq;

    HtmlTranscript(OutputStream os, TranscriptOptions options) {
        super(os, options);
    }

    @Override
    protected void writeHeader() throws IOException {
        totals = SessionState.countsOnly(header.sessionId());
        String title = "Session " + esc(header.sessionId());
        StringBuilder sb = new StringBuilder(CSS.length() + 4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n")
                .append("<body data-ready=\"0\" data-errors=\"0\">\n")
                .append(integrityAtTop == null ? "" : integrity(integrityAtTop))
                .append("<header id=\"top\">\n<h1>").append(title).append("</h1>\n")
                .append("<p class=\"meta\">Recorded from <time>").append(Times.instant(header.firstTsMicros()))
                .append("</time>. Times are offsets from the first journal entry.</p>\n</header>\n")
                .append("<nav id=\"bar\">\n<div class=\"tools\"><input id=\"q\" type=\"search\" ")
                .append("placeholder=\"Search (tool, text, id)…\" autocomplete=\"off\"> <span id=\"count\"></span> ")
                .append("<label><input id=\"only\" type=\"checkbox\"> only matches</label> ")
                .append("<button id=\"expand\" type=\"button\">expand all</button></div>\n<div id=\"filters\">Show:");
        for (String g : GROUPS) {
            sb.append(" <label class=\"f f-").append(g).append("\"><input type=\"checkbox\" checked data-group=\"").append(g)
                    .append("\"> ").append(g).append(" <span class=\"n\"></span></label>");
        }
        sb.append("</div>\n<div id=\"timeline\" title=\"timeline: prompts, decisions, results, connection changes\"></div>\n")
                .append("</nav>\n<main id=\"entries\">\n");
        out.write(sb.toString());
    }

    @Override
    protected void observe(JournalEntry e) {
        totals.apply(e);
    }

    @Override
    protected void write(Item item) throws IOException {
        String headline = redactor.apply(item.headline());
        String body = redactor.apply(item.body());
        Ref ref = item.ref();
        long t = item.tsMicros() - header.firstTsMicros();
        String id = nextId(item);
        StringBuilder sb = new StringBuilder(256);
        sb.append("<div class=\"e k-").append(group(item.who())).append(' ').append(item.who().label()).append(' ')
                .append(item.tone().name().toLowerCase(Locale.ROOT)).append("\" id=\"").append(id)
                .append("\" data-seq=\"").append(item.seq()).append("\" data-t=\"").append(t).append('"');
        if (item.marker() != null) {
            sb.append(" data-marker=\"").append(item.marker().label()).append('"');
        }
        if (ref != null) {
            sb.append(" data-kind=\"").append(ref.kind().label()).append('"');
            attr(sb, "data-tool-use-id", ref.toolUseId());
            attr(sb, "data-request-id", ref.requestId());
            attr(sb, "data-tool", ref.tool());
            attr(sb, "data-outcome", ref.outcome() == null ? null : ref.outcome().label());
        }
        sb.append("><a class=\"t\" href=\"#").append(id).append("\">").append(offset(item)).append("</a>")
                .append("<span class=\"w\">").append(item.who().label()).append("</span>");
        if (headline != null) {
            sb.append("<span class=\"h\">").append(esc(headline)).append("</span>");
        }
        if (body != null && !body.isEmpty()) {
            String shown = body.length() > BODY_LIMIT
                    ? body.substring(0, BODY_LIMIT) + "\n… (" + (body.length() - BODY_LIMIT) + " more chars)" : body;
            String diff = ref != null && ref.input() != null && EditDiff.handles(ref.tool())
                    ? EditDiff.html(ref.tool(), ref.input(), redactor::apply, ref.kind() != Ref.Kind.TOOL_CALL) : null;
            if (diff != null) {
                sb.append("<div class=\"b\">").append(diff).append("<details><summary>input as sent (JSON)</summary><pre>")
                        .append(esc(shown)).append("</pre></details></div>");
            } else if (item.code()) {
                long lines = shown.chars().filter(c -> c == '\n').count() + 1;
                boolean open = lines <= 3;
                sb.append("<details").append(open ? " open" : "").append("><summary>").append(label(item))
                        .append(" · ").append(lines).append(lines == 1 ? " line" : " lines")
                        .append("</summary><pre>").append(esc(shown)).append("</pre></details>");
            } else if (ref != null && (ref.kind() == Ref.Kind.TEXT || ref.kind() == Ref.Kind.THINKING)) {
                sb.append("<div class=\"b md\">").append(MarkdownHtml.render(shown)).append("</div>");
            } else {
                sb.append("<div class=\"b\">").append(esc(shown)).append("</div>");
            }
        }
        sb.append("</div>\n");
        out.write(sb.toString());
    }

    @Override
    protected void writeFooter() throws IOException {
        IntegrityLine late = integrityAtEnd();
        StringBuilder sb = new StringBuilder(4096);
        sb.append("</main>\n").append(HtmlTotals.html(totals));
        if (late != null) {
            sb.append(integrity(late));
        }
        sb.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        out.write(sb.toString());
    }

    /** The journal's integrity as a banner: {@code #integrity}, its level in {@code data-level}; an alert unless verified. */
    private String integrity(IntegrityLine line) {
        String level = line.level().name().toLowerCase(Locale.ROOT);
        boolean ok = line.level() == IntegrityLine.Level.VERIFIED;
        return "<div id=\"integrity\" class=\"" + level + "\" role=\"" + (ok ? "status" : "alert") + "\" data-level=\"" + level
                + "\">" + (ok ? "✓ " : "⚠ ") + esc(redactor.apply(line.line())) + "</div>\n";
    }

    /**
     * A unique anchor for the next item: {@code e<seq>} for an entry's first item (what links to an entry use),
     * {@code e<seq>-2}, {@code -3} for the others; a gap (shown before the entry that ends it) is {@code gap<seq>}.
     */
    private String nextId(Item item) {
        if (item.who() == Item.Who.GAP) {
            return "gap" + item.seq();
        }
        if (item.seq() != lastSeq) {
            lastSeq = item.seq();
            itemsOfSeq = 0;
        }
        itemsOfSeq++;
        return itemsOfSeq == 1 ? "e" + item.seq() : "e" + item.seq() + "-" + itemsOfSeq;
    }

    private static void attr(StringBuilder sb, String name, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append(' ').append(name).append("=\"").append(esc(value)).append('"');
        }
    }

    /** The filter group of the bar an item belongs to. */
    static String group(Item.Who who) {
        return switch (who) {
            case USER -> "user";
            case ASSISTANT -> "assistant";
            case TOOL -> "tools";
            case PERMISSION -> "permissions";
            case RESULT -> "turns";
            case CONNECTION -> "connection";
            case SYSTEM, MALFORMED, GAP -> "system";
        };
    }

    /** What a folded body is, for its summary line. */
    private static String label(Item item) {
        String h = item.headline() == null ? "" : item.headline();
        return switch (item.who()) {
            case TOOL -> h.startsWith("result of") || h.startsWith("error from") ? "output" : "input";
            case PERMISSION -> "input";
            case MALFORMED -> "frame";
            case RESULT -> "errors";
            default -> "details";
        };
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The CSP source for an inline element whose text is {@code content}. */
    private static String sha256(String content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlTranscript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
