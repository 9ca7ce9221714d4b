package dev.blackbox.replay.transcript;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Markdown for a review or an issue: one paragraph per item ({@code **offset** · who · what}), prose as
 * quotes, tool input and output in fenced blocks, long ones inside {@code <details>}.
 */
final class MarkdownTranscript extends ItemTranscript {

    MarkdownTranscript(OutputStream os, TranscriptOptions options) {
        super(os, options);
    }

    @Override
    protected void writeHeader() throws IOException {
        out.write("# Session `" + header.sessionId() + "`\n\n");
        if (integrityAtTop != null) {
            out.write(integrity(integrityAtTop));
        }
        out.write("Recorded from " + Times.instant(header.firstTsMicros()) + ". Times are offsets from the first journal entry.\n\n");
    }

    /** The journal's integrity as a quote under the title (or at the end, when only known then); a failure in bold. */
    private String integrity(IntegrityLine line) {
        String text = inline(redactor.apply(line.line()));
        return "> " + (line.level() == IntegrityLine.Level.VERIFIED ? "✓ " + text : "⚠ **" + text + "**") + "\n\n";
    }

    @Override
    protected void write(Item item) throws IOException {
        String headline = redactor.apply(item.headline());
        String body = redactor.apply(item.body());
        StringBuilder sb = new StringBuilder(256);
        sb.append("**").append(offset(item)).append("** · ").append(item.who().label());
        if (headline != null) {
            sb.append(" · ").append(emphasis(item, inline(headline)));
        }
        sb.append("\n\n");
        if (body != null && !body.isEmpty()) {
            if (item.code()) {
                Folded f = Folded.of(body, options.foldLines());
                if (f.folded()) {
                    sb.append("<details><summary>").append(lines(body)).append(" lines</summary>\n\n");
                    fence(sb, body);
                    sb.append("</details>\n\n");
                } else {
                    fence(sb, body);
                }
            } else {
                for (String l : body.split("\n", -1)) {
                    sb.append(l.isEmpty() ? ">" : "> " + l.replace("<", "&lt;")).append('\n');
                }
                sb.append('\n');
            }
        }
        out.write(sb.toString());
    }

    @Override
    protected void writeFooter() throws IOException {
        IntegrityLine late = integrityAtEnd();
        if (late != null) {
            out.write(integrity(late));
        }
    }

    private static String emphasis(Item item, String s) {
        return switch (item.tone()) {
            case ERROR, WARN -> "**" + s + "**";
            case DIM -> "*" + s + "*";
            default -> s;
        };
    }

    private static int lines(String s) {
        return (int) s.chars().filter(c -> c == '\n').count() + 1;
    }

    /** A fence longer than any run of backticks inside, so content cannot close it. */
    private static void fence(StringBuilder sb, String body) {
        int longest = 0, run = 0;
        for (int i = 0; i < body.length(); i++) {
            run = body.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String f = "`".repeat(Math.max(3, longest + 1));
        sb.append(f).append('\n').append(body).append(body.endsWith("\n") ? "" : "\n").append(f).append("\n\n");
    }

    /** Escapes what Markdown would otherwise interpret in a one-line headline. */
    private static String inline(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_[]<>|#".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c == '\n' ? ' ' : c);
        }
        return sb.toString();
    }
}
