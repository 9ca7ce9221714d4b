package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EditDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rows as "sign text", the way a unified diff prints them. */
    private static List<String> unified(String before, String after) {
        List<String> out = new ArrayList<>();
        for (EditDiff.Row r : EditDiff.rows(EditDiff.lines(before), EditDiff.lines(after))) {
            out.add(r.sign() + r.html().replaceAll("</?(ins|del)>", ""));
        }
        return out;
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        IntStream.rangeClosed(from, to).forEach(i -> sb.append("line ").append(i).append('\n'));
        return sb.toString();
    }

    @Test
    @DisplayName("A changed line shows as removed then added, between the unchanged lines around it")
    void changedLine() {
        assertThat(unified("a\nb\nc\n", "a\nB\nc\n")).containsExactly(" a", "-b", "+B", " c");
    }

    @Test
    @DisplayName("Insertions and deletions keep their order; a final newline does not add an empty line")
    void insertAndDelete() {
        assertThat(unified("one\ntwo\nthree", "zero\none\nthree\nfour\n"))
                .containsExactly("+zero", " one", "-two", " three", "+four");
        assertThat(unified("", "new\n")).containsExactly("+new");
        assertThat(unified("gone\n", "")).containsExactly("-gone");
    }

    @Test
    @DisplayName("Long unchanged runs are folded to three lines of context on each side of a change")
    void foldsContext() {
        List<String> rows = unified(lines(1, 20), lines(1, 9) + "changed\n" + lines(11, 20));
        assertThat(rows).containsExactly("~⋯ 6 unchanged lines", " line 7", " line 8", " line 9", "-line 10", "+changed",
                " line 11", " line 12", " line 13", "~⋯ 7 unchanged lines");
    }

    @Test
    @DisplayName("In a changed line the words that differ are marked, on each side")
    void marksWords() {
        assertThat(EditDiff.words("int retries = 3;", "int retries = 5;", true)).isEqualTo("int retries = <del>3</del>;");
        assertThat(EditDiff.words("int retries = 3;", "long retries = 3; // more", false))
                .isEqualTo("<ins>long</ins> retries = 3;<ins> // more</ins>");
    }

    @Test
    @DisplayName("What the session wrote is escaped in a diff, markup and all")
    void escapes() {
        ObjectNode input = JSON.createObjectNode().put("file_path", "<b>x.html</b>")
                .put("old_string", "<p>old</p>").put("new_string", "<script>alert(1)</script>");
        String html = EditDiff.html("Edit", input, UnaryOperator.identity(), true).replaceAll("</?(ins|del)>", "");
        assertThat(html).doesNotContain("<script>", "<p>", "<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x.html&lt;/b&gt;");
    }

    @Test
    @DisplayName("Inputs that are not an edit's shape are left to the JSON view; a huge Write is cut with a note")
    void shapesAndLimits() {
        assertThat(EditDiff.html("Edit", JSON.createObjectNode().put("file_path", "a"), UnaryOperator.identity(), true)).isNull();
        assertThat(EditDiff.html("MultiEdit", JSON.createObjectNode().putArray("edits").addObject().put("old_string", "x")
                .put("new_string", 1), UnaryOperator.identity(), true)).isNull();
        assertThat(EditDiff.html("Bash", JSON.createObjectNode().put("command", "ls"), UnaryOperator.identity(), true)).isNull();
        String big = EditDiff.html("Write", JSON.createObjectNode().put("file_path", "big.txt")
                .put("content", lines(1, 5000)), UnaryOperator.identity(), true);
        assertThat(big.split("class=\"dl add\"", -1)).hasSize(EditDiff.MAX_ROWS + 1);
        assertThat(big).contains("written: 5000 lines", "1600 more diff lines", "3000 lines past 2000 not compared");
    }
}
