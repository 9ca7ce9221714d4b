package dev.blackbox.replay.transcript;

import dev.blackbox.permission.PermissionOutcome;
import dev.blackbox.replay.state.SessionState;
import dev.blackbox.replay.state.Usage;

import java.util.Locale;

/**
 * The totals at the top of the html page, from the same fold as {@code blackbox state} (so both always agree):
 * cost, tokens, duration, turns, decisions by outcome, refusals, frames, malformed. Each figure carries a
 * {@code data-total} name (and {@code data-n} on each number) so a browser test can read it.
 */
final class HtmlTotals {

    private HtmlTotals() {
    }

    static String html(SessionState s) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("<section id=\"totals\" aria-label=\"session totals\">");
        Usage u = s.resultUsage();
        card(sb, "cost", null, n("cost", Times.usd(s.costUsd())), "cost");
        card(sb, "tokens", null, n("input", u.inputTokens()) + " in · " + n("output", u.outputTokens()) + " out",
                "tokens · cache " + n("cache-read", u.cacheReadInputTokens()) + " read, "
                        + n("cache-written", u.cacheCreationInputTokens()) + " written");
        long span = s.entries() == 0 ? 0 : s.lastTsMicros() - s.firstTsMicros();
        card(sb, "duration", null, n("duration", Times.duration(span)), "recorded · " + n("entries", s.entries()) + " entries");
        card(sb, "turns", s.errorTurns() > 0 ? "bad" : null, n("turns", s.turns()),
                "turns · " + n("turn-errors", s.errorTurns()) + " ended in error");
        StringBuilder outcomes = new StringBuilder();
        for (PermissionOutcome o : new PermissionOutcome[]{PermissionOutcome.ALLOW, PermissionOutcome.DENY,
                PermissionOutcome.TIMEOUT, PermissionOutcome.CANCELLED}) {
            outcomes.append(outcomes.length() == 0 ? "" : " · ").append("<span class=\"o-").append(o.label()).append("\">")
                    .append(o.label()).append(' ').append(n(o.label(), s.decisions(o))).append("</span>");
        }
        int pending = s.pending().size();
        card(sb, "decisions", null, outcomes.toString(), "decisions on " + n("requested", s.requested()) + " requests"
                + (pending > 0 ? " · " + n("pending", pending) + " still pending" : ""));
        card(sb, "refused", s.refused() > 0 ? "warn" : null, n("refused", s.refused()), "decisions refused");
        card(sb, "frames", null, n("received", s.framesReceived()) + " / " + n("sent", s.framesSent()),
                "frames received / sent · " + n("replayed", s.duplicates()) + " replayed");
        card(sb, "malformed", s.malformed() > 0 ? "bad" : null, n("malformed", s.malformed()), "malformed frames");
        sb.append("</section>\n");
        return sb.toString();
    }

    private static void card(StringBuilder sb, String name, String tone, String value, String label) {
        sb.append("<div class=\"tot").append(tone == null ? "" : " " + tone).append("\" data-total=\"").append(name)
                .append("\"><b>").append(value).append("</b><span>").append(label).append("</span></div>");
    }

    private static String n(String name, long value) {
        return n(name, String.format(Locale.ROOT, "%,d", value));
    }

    private static String n(String name, String text) {
        return "<span data-n=\"" + name + "\">" + HtmlTranscript.esc(text) + "</span>";
    }
}
