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
    @DisplayName("The text transcript of each session matches its golden file, times normalised")
    void text(Sessions session) throws Exception {
        String id = session.write(root);
        Golden.assertMatches(Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults()),
                session.name().toLowerCase(Locale.ROOT) + ".txt");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sessions.class)
    @DisplayName("The markdown transcript of each session matches its golden file, times normalised")
    void markdown(Sessions session) throws Exception {
        String id = session.write(root);
        Golden.assertMatches(Golden.render(root, id, Format.MARKDOWN, TranscriptOptions.defaults()),
                session.name().toLowerCase(Locale.ROOT) + ".md");
    }
}
