package dev.blackbox.replay.transcript;

import dev.blackbox.replay.fixture.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Locale;

class GoldenTranscriptTest {

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sessions.class)
    @DisplayName("The text and markdown transcripts of each session match their golden files, times normalised")
    void goldens(Sessions session) throws Exception {
        String id = session.write(root);
        Golden.assertTranscripts(root, id, session.name().toLowerCase(Locale.ROOT));
    }

    @org.junit.jupiter.api.Test
    @DisplayName("A golden comparison fails when the transcript differs, and normalising hides only times and hosts")
    void goldensCanFail() throws Exception {
        String id = Sessions.ALLOW.write(root);
        String text = Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults());
        String golden = java.nio.file.Files.readString(Golden.dir().resolve("allow.txt"));
        org.assertj.core.api.Assertions.assertThat(Golden.normalise(text)).isEqualTo(golden);
        org.assertj.core.api.Assertions.assertThat(Golden.normalise(text.replace("alice", "mallory"))).isNotEqualTo(golden);
        org.assertj.core.api.Assertions.assertThat(Golden.normalise("+01:02.345  permission  Bash allowed after 2.5 s"))
                .isEqualTo("+MM:SS.mmm  permission  Bash allowed after <duration>");
    }
}
