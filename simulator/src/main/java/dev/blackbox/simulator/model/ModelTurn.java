package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

/**
 * Decides the scripted model's answer to one Messages API request (pure). The last {@code user}
 * message decides: one carrying a {@code tool_result} gets a short final text; otherwise its last
 * real text (not a {@code <system-reminder>}, not an interruption notice) is read for a {@link Marker}.
 * The CLI also sends {@code system}-role messages in {@code messages}; they are skipped.
 */
public final class ModelTurn {

    /** What the model streams back. */
    public sealed interface Reply {
    }

    public record Text(String text) implements Reply {
    }

    public record ToolUse(String name, ObjectNode input) implements Reply {
    }

    public record Stall() implements Reply {
    }

    private ModelTurn() {
    }

    public static Reply reply(JsonNode request) {
        JsonNode lastUser = lastUserMessage(request.path("messages"));
        if (lastUser == null) {
            return new Text("Hello from the scripted model.");
        }
        JsonNode toolResult = firstBlock(lastUser.path("content"), "tool_result");
        if (toolResult != null) {
            return toolResult.path("is_error").asBoolean(false)
                    ? new Text("The tool call was refused: " + resultText(toolResult))
                    : new Text("Done.");
        }
        return forMarker(Marker.in(promptText(lastUser.path("content"))));
    }

    /** The same choice for a prompt, as the stdio stand-in makes it. */
    public static Reply forMarker(Marker marker) {
        if (marker instanceof Marker.BashWrite b) {
            return new ToolUse("Bash", FrameJson.object().put("command", "echo hello > " + b.file())
                    .put("description", "Write " + b.file()));
        } else if (marker instanceof Marker.ReadOnly) {
            return new ToolUse("Bash", FrameJson.object().put("command", "ls").put("description", "List files"));
        } else if (marker instanceof Marker.WriteWithSuggestions w) {
            return new ToolUse("Write", FrameJson.object().put("file_path", w.file()).put("content", "written by Write\n"));
        } else if (marker instanceof Marker.Stall) {
            return new Stall();
        }
        return new Text("Hello from the scripted model.");
    }

    private static JsonNode lastUserMessage(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText())) {
                return m;
            }
        }
        return null;
    }

    private static JsonNode firstBlock(JsonNode content, String type) {
        for (JsonNode block : content) {
            if (type.equals(block.path("type").asText())) {
                return block;
            }
        }
        return null;
    }

    /** The user's own words: the last text block that is not a reminder or notice the CLI added. */
    static String promptText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        String prompt = null;
        for (JsonNode block : content) {
            String text = "text".equals(block.path("type").asText()) ? block.path("text").asText() : null;
            if (text != null && !text.startsWith("<system-reminder>") && !text.startsWith("[Request interrupted")) {
                prompt = text;
            }
        }
        return prompt;
    }

    private static String resultText(JsonNode toolResult) {
        JsonNode content = toolResult.path("content");
        String text = content.isTextual() ? content.asText() : content.toString();
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}
