package dev.blackbox.simulator.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads a scenario by shipped name ({@code coding-task}) or from a JSON Lines file. */
public final class Scenarios {

    /** The scenarios shipped in {@code src/main/resources/scenarios/}. */
    public static final List<String> SHIPPED = List.of(
            "coding-task", "permission-cancel", "interrupt", "reconnect", "malformed", "load");

    private Scenarios() {
    }

    public static Scenario load(String nameOrPath) {
        return load(nameOrPath, Map.of());
    }

    /**
     * @param params overrides for the scenario's declared parameters; an unknown name fails
     * @throws ScenarioException with one line saying what is wrong
     */
    public static Scenario load(String nameOrPath, Map<String, String> params) {
        if (SHIPPED.contains(nameOrPath)) {
            return ScenarioParser.parse(nameOrPath, shippedText(nameOrPath), params);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException("unknown scenario \"" + nameOrPath + "\": neither a shipped one ("
                    + String.join(", ", SHIPPED) + ") nor a readable file");
        }
        try {
            return ScenarioParser.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), params);
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario file " + file + ": " + e.getMessage());
        }
    }

    /** The text of a shipped scenario file. */
    public static String shippedText(String name) {
        String resource = "/scenarios/" + name + ".jsonl";
        try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioException("shipped scenario " + name + " is missing from the jar (" + resource + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
