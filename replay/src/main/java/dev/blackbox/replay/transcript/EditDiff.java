package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file edit as a diff, for the html transcript: {@code Edit} (old_string → new_string), {@code MultiEdit}
 * (each edit), {@code Write} (the new content, every line added). Lines come from java-diff-utils (Myers);
 * a changed line paired with its replacement also has the changed words marked. Long unchanged runs are
 * folded, long diffs cut. Everything is escaped; the session's text is never markup.
 */
final class EditDiff {

    /** Lines per side compared; beyond that the rest is cut (a diff is for reading, the journal has it all). */
    static final int MAX_LINES = 2_000;
    /** Rows shown per diff before the rest is summarised. */
    static final int MAX_ROWS = 400;
    private static final int CONTEXT = 3;
    private static final int WORD_DIFF_MAX_CHARS = 400;
    private static final Pattern TOKENS = Pattern.compile("\\w+|\\s+|[^\\w\\s]");

    private EditDiff() {
    }

    /** Whether {@link #html} can show this tool's input. */
    static boolean handles(String tool) {
        return "Edit".equals(tool) || "MultiEdit".equals(tool) || "Write".equals(tool);
    }

    /**
     * The diff of an Edit, MultiEdit or Write input as HTML, every string passed through {@code redact} first;
     * null when the input does not have that tool's shape (then the input is shown as JSON).
     *
     * @param showPath whether to name the file (not when the item's headline already does)
     */
    static String html(String tool, JsonNode input, UnaryOperator<String> redact, boolean showPath) {
        if (input == null || !input.isObject() || tool == null) {
            return null;
        }
        String path = !showPath ? "" : input.path("file_path").isTextual() ? redact.apply(input.path("file_path").asText())
                : "(no file_path)";
        StringBuilder sb = new StringBuilder(512);
        switch (tool) {
            case "Edit" -> {
                if (!input.path("old_string").isTextual() || !input.path("new_string").isTextual()) {
                    return null;
                }
                file(sb, path, input.path("replace_all").asBoolean(false) ? "replace all" : null);
                diff(sb, redact.apply(input.path("old_string").asText()), redact.apply(input.path("new_string").asText()));
            }
            case "MultiEdit" -> {
                JsonNode edits = input.path("edits");
                if (!edits.isArray() || edits.isEmpty()) {
                    return null;
                }
                for (JsonNode e : edits) {
                    if (!e.path("old_string").isTextual() || !e.path("new_string").isTextual()) {
                        return null;
                    }
                }
                file(sb, path, edits.size() + (edits.size() == 1 ? " edit" : " edits"));
                int n = 0;
                for (JsonNode e : edits) {
                    n++;
                    sb.append("<div class=\"diff-part\">edit ").append(n).append(" of ").append(edits.size())
                            .append(e.path("replace_all").asBoolean(false) ? " · replace all" : "").append("</div>");
                    diff(sb, redact.apply(e.path("old_string").asText()), redact.apply(e.path("new_string").asText()));
                }
            }
            case "Write" -> {
                if (!input.path("content").isTextual()) {
                    return null;
                }
                List<String> lines = lines(redact.apply(input.path("content").asText()));
                file(sb, path, "written: " + lines.size() + (lines.size() == 1 ? " line" : " lines"));
                List<Row> rows = new ArrayList<>();
                for (String l : lines.subList(0, Math.min(lines.size(), MAX_LINES))) {
                    rows.add(new Row('+', HtmlTranscript.esc(l)));
                }
                table(sb, rows, Math.max(0, lines.size() - MAX_LINES));
            }
            default -> {
                return null;
            }
        }
        return sb.toString();
    }

    /** The diff's header: the file (when shown) and a note (replace all, how many edits or lines). */
    private static void file(StringBuilder sb, String path, String note) {
        if (path.isEmpty() && note == null) {
            return;
        }
        sb.append("<div class=\"diff-file\">").append(HtmlTranscript.esc(path));
        if (note != null) {
            sb.append(path.isEmpty() ? "" : " ").append("<span class=\"diff-note\">")
                    .append(path.isEmpty() ? "" : "· ").append(HtmlTranscript.esc(note)).append("</span>");
        }
        sb.append("</div>");
    }

    /** One rendered line: '+', '-', ' ' (unchanged) or '~' (a fold of unchanged lines), and its HTML. */
    record Row(char sign, String html) {
    }

    private static void diff(StringBuilder sb, String before, String after) {
        List<String> a = lines(before), b = lines(after);
        int cut = Math.max(0, Math.max(a.size(), b.size()) - MAX_LINES);
        a = a.subList(0, Math.min(a.size(), MAX_LINES));
        b = b.subList(0, Math.min(b.size(), MAX_LINES));
        table(sb, rows(a, b), cut);
    }

    /** The unified view of a line diff: unchanged lines, then each change's removed lines and added lines. */
    static List<Row> rows(List<String> a, List<String> b) {
        List<Row> rows = new ArrayList<>();
        List<String> same = new ArrayList<>();
        int at = 0;
        for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
            int pos = d.getSource().getPosition();
            same.addAll(a.subList(at, pos));
            context(rows, same, rows.isEmpty(), false);
            same.clear();
            List<String> removed = d.getSource().getLines(), added = d.getTarget().getLines();
            boolean pairWords = d.getType() == DeltaType.CHANGE && removed.size() == added.size();
            for (int i = 0; i < removed.size(); i++) {
                rows.add(new Row('-', pairWords ? words(removed.get(i), added.get(i), true) : HtmlTranscript.esc(removed.get(i))));
            }
            for (int i = 0; i < added.size(); i++) {
                rows.add(new Row('+', pairWords ? words(removed.get(i), added.get(i), false) : HtmlTranscript.esc(added.get(i))));
            }
            at = pos + removed.size();
        }
        same.addAll(a.subList(at, a.size()));
        context(rows, same, rows.isEmpty(), true);
        return rows;
    }

    /** Unchanged lines: all of a short run, else CONTEXT lines next to each change and a fold between. */
    private static void context(List<Row> rows, List<String> same, boolean first, boolean last) {
        int keepBefore = first ? 0 : CONTEXT, keepAfter = last ? 0 : CONTEXT;
        if (first && last) {
            keepBefore = same.size(); // no change at all: show it as it is
        }
        if (same.size() <= keepBefore + keepAfter + 1) {
            same.forEach(l -> rows.add(new Row(' ', HtmlTranscript.esc(l))));
            return;
        }
        same.subList(0, keepBefore).forEach(l -> rows.add(new Row(' ', HtmlTranscript.esc(l))));
        int folded = same.size() - keepBefore - keepAfter;
        rows.add(new Row('~', "⋯ " + folded + (folded == 1 ? " unchanged line" : " unchanged lines")));
        same.subList(same.size() - keepAfter, same.size()).forEach(l -> rows.add(new Row(' ', HtmlTranscript.esc(l))));
    }

    /** One side of a changed line with the words that differ from the other side marked. */
    static String words(String before, String after, boolean removedSide) {
        String line = removedSide ? before : after;
        if (before.length() > WORD_DIFF_MAX_CHARS || after.length() > WORD_DIFF_MAX_CHARS) {
            return HtmlTranscript.esc(line);
        }
        List<String> x = tokens(before), y = tokens(after);
        List<String> mine = removedSide ? x : y;
        boolean[] changed = new boolean[mine.size()];
        for (AbstractDelta<String> d : DiffUtils.diff(x, y).getDeltas()) {
            var chunk = removedSide ? d.getSource() : d.getTarget();
            Arrays.fill(changed, chunk.getPosition(), chunk.getPosition() + chunk.size(), true);
        }
        String tag = removedSide ? "del" : "ins";
        StringBuilder sb = new StringBuilder(line.length() + 32);
        for (int i = 0; i < mine.size(); i++) {
            boolean open = changed[i] && (i == 0 || !changed[i - 1]);
            boolean close = changed[i] && (i == mine.size() - 1 || !changed[i + 1]);
            sb.append(open ? "<" + tag + ">" : "").append(HtmlTranscript.esc(mine.get(i))).append(close ? "</" + tag + ">" : "");
        }
        return sb.toString();
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKENS.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void table(StringBuilder sb, List<Row> rows, int cutLines) {
        sb.append("<pre class=\"diff\">");
        int shown = Math.min(rows.size(), MAX_ROWS);
        for (int i = 0; i < shown; i++) {
            Row r = rows.get(i);
            String cls = switch (r.sign()) {
                case '+' -> "add";
                case '-' -> "del";
                case '~' -> "fold";
                default -> "ctx";
            };
            sb.append("<span class=\"dl ").append(cls).append("\"><span class=\"sg\">")
                    .append(r.sign() == '~' ? ' ' : r.sign()).append("</span>").append(r.html()).append("</span>");
        }
        if (rows.size() > shown || cutLines > 0) {
            int more = rows.size() - shown;
            sb.append("<span class=\"dl fold\"><span class=\"sg\"> </span>… ")
                    .append(more > 0 ? more + " more diff lines" : "")
                    .append(more > 0 && cutLines > 0 ? ", " : "")
                    .append(cutLines > 0 ? cutLines + " lines past " + MAX_LINES + " not compared" : "")
                    .append(" (the journal has it all)</span>");
        }
        sb.append("</pre>");
    }

    /** A string's lines; a final newline ends the last line rather than starting an empty one. */
    static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return Arrays.asList(body.split("\n", -1));
    }
}
