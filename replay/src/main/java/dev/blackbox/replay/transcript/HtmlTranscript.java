package dev.blackbox.replay.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One self-contained HTML file (inline CSS and script, no fetches): the items in order, tool calls and
 * long outputs collapsible, a timeline of markers (prompts, decisions, results, connection changes)
 * built by the page from the entries' {@code data-marker} attributes, and a search box that also reads
 * {@code #search=WORD} from the URL. The page records what its script did in {@code <body>} attributes
 * ({@code data-ready}, {@code data-matches}, {@code data-errors}) so a headless browser can check it.
 * Streams like every format: the timeline needs no list kept on the Java side.
 */
final class HtmlTranscript extends ItemTranscript {

    private static final String CSS = resource("transcript.css");
    private static final String SCRIPT = resource("transcript.js");
    private static final int BODY_LIMIT = 200_000;

    HtmlTranscript(OutputStream os, TranscriptOptions options) {
        super(os, options);
    }

    @Override
    protected void writeHeader() throws IOException {
        String title = "Session " + esc(header.sessionId());
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                + "script-src 'unsafe-inline'\">\n<title>" + title + "</title>\n<style>\n" + CSS + "</style>\n</head>\n"
                + "<body data-ready=\"0\" data-errors=\"0\">\n" + (integrityAtTop == null ? "" : integrity(integrityAtTop))
                + "<header>\n<h1>" + title + "</h1>\n"
                + "<p class=\"meta\">Recorded from <time>" + Times.instant(header.firstTsMicros())
                + "</time>. Times are offsets from the first journal entry.</p>\n"
                + "<div class=\"tools\"><input id=\"q\" type=\"search\" placeholder=\"Search (tool, text, id)…\" "
                + "autocomplete=\"off\"> <span id=\"count\"></span> <label><input id=\"only\" type=\"checkbox\"> only matches"
                + "</label> <button id=\"expand\" type=\"button\">expand all</button></div>\n"
                + "<div id=\"timeline\" title=\"timeline: prompts, decisions, results, connection changes\"></div>\n"
                + "</header>\n<main id=\"entries\">\n");
    }

    @Override
    protected void write(Item item) throws IOException {
        String headline = redactor.apply(item.headline());
        String body = redactor.apply(item.body());
        long t = item.tsMicros() - header.firstTsMicros();
        StringBuilder sb = new StringBuilder(256);
        sb.append("<div class=\"e ").append(item.who().label()).append(' ').append(item.tone().name().toLowerCase(Locale.ROOT))
                .append("\" id=\"e").append(item.seq()).append("\" data-seq=\"").append(item.seq())
                .append("\" data-t=\"").append(t).append('"');
        if (item.marker() != null) {
            sb.append(" data-marker=\"").append(item.marker().label()).append('"');
        }
        sb.append("><a class=\"t\" href=\"#e").append(item.seq()).append("\">").append(offset(item)).append("</a>")
                .append("<span class=\"w\">").append(item.who().label()).append("</span>");
        if (headline != null) {
            sb.append("<span class=\"h\">").append(esc(headline)).append("</span>");
        }
        if (body != null && !body.isEmpty()) {
            String shown = body.length() > BODY_LIMIT
                    ? body.substring(0, BODY_LIMIT) + "\n… (" + (body.length() - BODY_LIMIT) + " more chars)" : body;
            if (item.code()) {
                long lines = shown.chars().filter(c -> c == '\n').count() + 1;
                boolean open = lines <= 3;
                sb.append("<details").append(open ? " open" : "").append("><summary>").append(label(item))
                        .append(" · ").append(lines).append(lines == 1 ? " line" : " lines")
                        .append("</summary><pre>").append(esc(shown)).append("</pre></details>");
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
        out.write("</main>\n" + (late == null ? "" : integrity(late)) + "<script>\n" + SCRIPT + "</script>\n</body>\n</html>\n");
    }

    /** The journal's integrity as a banner: {@code #integrity}, its level in {@code data-level}; an alert unless verified. */
    private String integrity(IntegrityLine line) {
        String level = line.level().name().toLowerCase(Locale.ROOT);
        boolean ok = line.level() == IntegrityLine.Level.VERIFIED;
        return "<div id=\"integrity\" class=\"" + level + "\" role=\"" + (ok ? "status" : "alert") + "\" data-level=\"" + level
                + "\">" + (ok ? "✓ " : "⚠ ") + esc(redactor.apply(line.line())) + "</div>\n";
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
