package dev.blackbox.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The help habits, for every command there is and every one added later: each usage lists its exit
 * codes, each summary is one short sentence, and the help wraps within 80 columns.
 */
class CommandHelpTest {

    /** What fits after the command-name column of the top-level list on an 80-column line. */
    static final int SUMMARY_MAX = 56;

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        walk(BlackboxCommand.newCommandLine(), all);
        return all;
    }

    private static void walk(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, into));
    }

    @Test
    @DisplayName("Every command's --help lists its exit codes")
    void exitCodesEverywhere() {
        List<CommandLine> commands = everyCommand();
        assertThat(commands).extracting(c -> c.getCommandSpec().qualifiedName())
                .contains("blackbox demo", "blackbox permissions", "blackbox permissions list", "blackbox permissions watch",
                        "blackbox generate-completion", "blackbox help");
        for (CommandLine c : commands) {
            assertThat(c.getUsageMessage()).as("usage of '%s'", c.getCommandSpec().qualifiedName()).contains("Exit codes:");
        }
    }

    @Test
    @DisplayName("Every subcommand's summary (its description's first line) is one complete, short sentence")
    void summariesAreSentences() {
        for (CommandLine c : everyCommand()) {
            if (c.getCommandSpec().parent() == null) {
                continue;
            }
            // the command list shows the header when there is one, else the description's first line
            String[] header = c.getCommandSpec().usageMessage().header();
            String[] description = c.getCommandSpec().usageMessage().description();
            assertThat(description).as("description of '%s'", c.getCommandSpec().qualifiedName()).isNotEmpty();
            String summary = header.length > 0 ? header[0] : description[0];
            assertThat(summary).as("summary of '%s'", c.getCommandSpec().qualifiedName())
                    .endsWith(".").doesNotContain("\n").hasSizeLessThanOrEqualTo(SUMMARY_MAX);
            assertThat(Character.isUpperCase(summary.charAt(0))).as("summary of '%s' starts a sentence", summary).isTrue();
        }
    }

    @Test
    @DisplayName("The top-level command list has one line per command, and no help line is wider than 80 columns")
    void helpWrapsCleanly() {
        CommandLine root = BlackboxCommand.newCommandLine();
        String usage = root.getUsageMessage();
        List<String> listed = usage.lines().dropWhile(l -> !l.equals("Commands:")).skip(1).takeWhile(l -> !l.isBlank()).toList();
        assertThat(listed).hasSize(root.getSubcommands().size());
        assertThat(listed).allSatisfy(l -> assertThat(l).matches("  [a-z-]+ +[A-Z].*\\."));
        for (CommandLine c : everyCommand()) {
            assertThat(c.getUsageMessage().lines()).as("usage of '%s'", c.getCommandSpec().qualifiedName())
                    .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        }
    }

    @Test
    @DisplayName("picocli's messages become one clean line: no second 'Error:', no line breaks")
    void oneLineMessages() {
        assertThat(OneLineErrors.oneLine("Error: Missing required argument (specify one of these): (SESSION | --all)"))
                .isEqualTo("Missing required argument (specify one of these): (SESSION | --all)");
        assertThat(OneLineErrors.oneLine("Unmatched arguments from index 1: 'x'\nDid you mean: y?"))
                .isEqualTo("Unmatched arguments from index 1: 'x' Did you mean: y?");
    }
}
