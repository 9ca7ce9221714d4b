package dev.blackbox.replay.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The formats other tools read: asciinema's player, OpenTelemetry backends, Claude Code transcript viewers. */
public enum ExportFormat {
    ASCIICAST("asciicast"), OTLP_JSON("otlp-json"), CLAUDE_JSONL("claude-jsonl");

    private final String label;

    ExportFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ExportFormat parse(String s) {
        for (ExportFormat f : values()) {
            if (f.label.equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--format: '" + s + "' is not one of "
                + Arrays.stream(values()).map(ExportFormat::label).collect(Collectors.joining(", ")));
    }
}
