package dev.blackbox.simulator.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.model.Marker;
import dev.blackbox.simulator.model.MessageStream;
import dev.blackbox.simulator.model.ModelTurn;
import dev.blackbox.simulator.model.SseEvent;
import dev.blackbox.simulator.scenario.FrameJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The worker's side of one stdio session, one stdin line at a time (single-threaded, no timers):
 * answers {@code initialize}, runs each user turn as its {@link Marker} says, asks {@code can_use_tool}
 * and waits for the {@code control_response}, and ends turns on {@code interrupt} the way CLI 2.1.330
 * does. Turns that arrive during a turn wait their turn. {@link #exitStatus()} is what the CLI would
 * exit with: 1 when the last result was an error, else 0.
 */
final class WorkerSession {

    /** Tells the caller to exit now with this status (an {@code [[exit N]]} turn). */
    static final class ExitNow extends RuntimeException {
        final int status;

        ExitNow(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /** What a stalled answer has said when it is cut short (the words its partial messages streamed). */
    private static final String STALLED_WORDS = "word1 word2 word3 ";

    private record Pending(String requestId, String toolUseId, String tool, JsonNode input, Path target) {
    }

    private final WorkerArgs args;
    private final Consumer<ObjectNode> out;
    private final WorkerFrames frames;
    private final Path cwd;
    private final boolean reportsState;
    private final boolean answersInitialize;
    private final Deque<String> queued = new ArrayDeque<>();
    private boolean inTurn;
    private boolean stalling;
    private Pending pending;
    private boolean stdinClosed;
    private boolean lastResultWasError;
    private int counter;

    WorkerSession(WorkerArgs args, Path cwd, boolean reportsState, boolean answersInitialize, Consumer<ObjectNode> out) {
        this.args = args;
        this.cwd = cwd;
        this.out = out;
        this.reportsState = reportsState;
        this.answersInitialize = answersInitialize;
        String sessionId = args.sessionId() != null ? args.sessionId() : UUID.randomUUID().toString();
        this.frames = new WorkerFrames(sessionId, args.model(), cwd.toString());
    }

    int exitStatus() {
        return lastResultWasError ? 1 : 0;
    }

    void onLine(String line) {
        JsonNode frame = FrameJson.parseOrNull(line);
        String type = FrameJson.typeOf(frame);
        if (type == null) {
            return; // the real CLI ignores what it cannot parse as a frame
        }
        switch (type) {
            case "control_request" -> onControlRequest(frame);
            case "control_response" -> onControlResponse(frame.path("response"));
            case "user" -> {
                queued.add(userText(frame.path("message").path("content")));
                startNextTurn();
            }
            default -> {
                // keep_alive, update_environment_variables, control_cancel_request: nothing to do
            }
        }
    }

    /** stdin closed: a pending request fails as the real CLI's does, a stall ends, then exit. */
    void onStdinClosed() {
        stdinClosed = true;
        if (pending != null) {
            Pending p = pending;
            pending = null;
            String why = "Tool permission request failed: AbortError: Tool permission stream closed before response received";
            out.accept(frames.toolResult(p.toolUseId(), why, true, FrameJson.MAPPER.getNodeFactory().textNode("Error: " + why)));
            finalText("Done.", 2);
        } else if (stalling) {
            stalling = false;
            out.accept(frames.assistant(nextId("msg"), WorkerFrames.textBlock(STALLED_WORDS)));
            succeed(STALLED_WORDS, 1);
        }
    }

    /** A {@code -p PROMPT} turn (text input). */
    void runPrompt(String prompt) {
        queued.add(prompt);
        startNextTurn();
    }

    private void onControlRequest(JsonNode frame) {
        String requestId = frame.path("request_id").asText();
        String subtype = frame.path("request").path("subtype").asText();
        switch (subtype) {
            case "initialize" -> {
                if (answersInitialize) {
                    out.accept(frames.initializeResponse(requestId));
                }
            }
            case "interrupt" -> interrupt(requestId);
            case "set_permission_mode", "set_model", "set_max_thinking_tokens" -> out.accept(WorkerFrames.success(requestId, null));
            default -> out.accept(WorkerFrames.error(requestId, "Unsupported control request subtype: " + subtype));
        }
    }

    private void onControlResponse(JsonNode response) {
        if (pending == null || !pending.requestId().equals(response.path("request_id").asText())) {
            return; // late, withdrawn or unknown: ignored, as the real worker does
        }
        Pending p = pending;
        pending = null;
        state("running");
        JsonNode result = response.path("response");
        if ("error".equals(response.path("subtype").asText())) {
            refused(p, "Tool permission request failed: Error: " + response.path("error").asText());
        } else if ("allow".equals(result.path("behavior").asText())) {
            JsonNode input = result.has("updatedInput") ? result.get("updatedInput") : p.input();
            run(p, input);
        } else {
            refused(p, result.path("message").asText("Permission denied"));
        }
    }

    private void interrupt(String requestId) {
        if (pending != null) {
            Pending p = pending;
            pending = null;
            out.accept(WorkerFrames.cancel(p.requestId()));
            out.accept(frames.interruptAck(requestId));
            out.accept(frames.toolResult(p.toolUseId(), "The user doesn't want to proceed with this tool use. The tool use was "
                    + "rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing "
                    + "and wait for the user to tell you how to proceed.", true, FrameJson.MAPPER.getNodeFactory().textNode("User rejected tool use")));
            out.accept(frames.userText("[Request interrupted by user for tool use]"));
            fail("aborted_tools", 1);
        } else if (stalling) {
            stalling = false;
            out.accept(frames.interruptAck(requestId));
            out.accept(frames.assistant(nextId("msg"), WorkerFrames.textBlock(STALLED_WORDS)));
            out.accept(frames.userText("[Request interrupted by user]"));
            if (args.partialMessages()) {
                MessageStream.textClosing(3).stream().map(SseEvent::data).map(frames::streamEvent).forEach(out);
            }
            fail("aborted_streaming", 1);
        } else {
            out.accept(frames.interruptAck(requestId));
        }
    }

    private void startNextTurn() {
        if (inTurn || queued.isEmpty()) {
            return;
        }
        inTurn = true;
        String prompt = queued.poll();
        state("running");
        out.accept(frames.systemInit());
        Marker marker = Marker.in(prompt);
        if (marker instanceof Marker.Exit e) {
            throw new ExitNow(e.status());
        } else if (marker instanceof Marker.Stall) {
            stall();
        } else if (marker instanceof Marker.ReadOnly) {
            ModelTurn.ToolUse use = (ModelTurn.ToolUse) ModelTurn.forMarker(marker);
            String toolUseId = nextId("toolu");
            out.accept(frames.assistant(nextId("msg"), WorkerFrames.toolUseBlock(toolUseId, use.name(), use.input())));
            out.accept(frames.toolResult(toolUseId, listing(), false, bashResult(listing())));
            finalText("Done.", 2);
        } else if (marker instanceof Marker.BashWrite || marker instanceof Marker.WriteWithSuggestions) {
            ask(marker);
        } else {
            String text = ((ModelTurn.Text) ModelTurn.forMarker(marker)).text();
            if (args.partialMessages()) {
                out.accept(frames.status("requesting"));
                MessageStream.text(nextId("msg"), args.model(), text).stream().map(SseEvent::data).map(frames::streamEvent).forEach(out);
            }
            out.accept(frames.assistant(nextId("msg"), WorkerFrames.textBlock(text)));
            succeed(text, 1);
        }
    }

    private void ask(Marker marker) {
        ModelTurn.ToolUse use = (ModelTurn.ToolUse) ModelTurn.forMarker(marker);
        String toolUseId = nextId("toolu");
        out.accept(frames.assistant(nextId("msg"), WorkerFrames.toolUseBlock(toolUseId, use.name(), use.input())));
        ObjectNode input = use.input().deepCopy();
        ArrayNode suggestions = FrameJson.MAPPER.createArrayNode();
        Path target;
        String description;
        String blockedPath = null;
        if (marker instanceof Marker.BashWrite b) {
            target = cwd.resolve(b.file());
            description = input.path("description").asText();
            blockedPath = target.toString();
            ObjectNode rule = FrameJson.object().put("toolName", "Bash").put("ruleContent", "echo hello *");
            ObjectNode addRules = suggestions.addObject().put("type", "addRules");
            addRules.putArray("rules").add(rule);
            addRules.put("behavior", "allow").put("destination", "localSettings");
            ObjectNode addDirectories = suggestions.addObject().put("type", "addDirectories");
            addDirectories.putArray("directories").add(cwd.toString());
            addDirectories.put("destination", "session");
        } else {
            target = cwd.resolve(input.path("file_path").asText());
            input.put("file_path", target.toString()); // the CLI asks with the absolute path
            description = ((Marker.WriteWithSuggestions) marker).file();
            suggestions.addObject().put("type", "setMode").put("mode", "acceptEdits").put("destination", "session");
        }
        if (!args.asksOverStdio() || stdinClosed) {
            String why = !args.asksOverStdio()
                    ? "Claude requested permissions to use " + use.name() + ", but you haven't granted it yet."
                    : "Tool permission request failed: AbortError: Stream closed";
            out.accept(frames.toolResult(toolUseId, why, true, FrameJson.MAPPER.getNodeFactory().textNode("Error: " + why)));
            finalText("Done.", 2);
            return;
        }
        pending = new Pending(UUID.randomUUID().toString(), toolUseId, use.name(), input, target);
        state("requires_action");
        out.accept(frames.canUseTool(pending.requestId(), use.name(), input, toolUseId, description, suggestions, blockedPath));
    }

    /** The allowed tool call's effect, for real: the file is written. */
    private void run(Pending p, JsonNode input) {
        try {
            if (p.tool().equals("Bash")) {
                Files.writeString(p.target(), "hello\n");
                out.accept(frames.toolResult(p.toolUseId(), "(Bash completed with no output)", false, bashResult("")));
            } else {
                Path target = Path.of(input.path("file_path").asText(p.target().toString()));
                Files.writeString(target, input.path("content").asText(""));
                out.accept(frames.toolResult(p.toolUseId(), "File created successfully at: " + target, false,
                        FrameJson.object().put("type", "create").put("filePath", target.toString())));
            }
        } catch (IOException e) {
            out.accept(frames.toolResult(p.toolUseId(), "Error: " + e.getMessage(), true,
                    FrameJson.MAPPER.getNodeFactory().textNode("Error: " + e.getMessage())));
        }
        finalText("Done.", 2);
    }

    private void refused(Pending p, String message) {
        out.accept(frames.toolResult(p.toolUseId(), message, true, FrameJson.MAPPER.getNodeFactory().textNode("Error: " + message)));
        ArrayNode denials = FrameJson.MAPPER.createArrayNode();
        denials.addObject().put("tool_name", p.tool()).put("tool_use_id", p.toolUseId()).set("tool_input", p.input());
        String text = "The tool call was refused: " + message;
        out.accept(frames.assistant(nextId("msg"), WorkerFrames.textBlock(text)));
        endTurn(frames.result("success", false, 2, text, "completed", denials), false);
    }

    private void stall() {
        stalling = true;
        if (args.partialMessages()) {
            out.accept(frames.status("requesting"));
            Stream.concat(MessageStream.textOpening(nextId("msg"), args.model()).stream(),
                            Stream.of(MessageStream.textDelta(0, "word1 "), MessageStream.textDelta(0, "word2 "), MessageStream.textDelta(0, "word3 ")))
                    .map(SseEvent::data).map(frames::streamEvent).forEach(out);
        }
        // and now nothing, until an interrupt or the end of stdin
    }

    private void finalText(String text, int turns) {
        out.accept(frames.assistant(nextId("msg"), WorkerFrames.textBlock(text)));
        succeed(text, turns);
    }

    private void succeed(String text, int turns) {
        endTurn(frames.result("success", false, turns, text, "completed", FrameJson.MAPPER.createArrayNode()), false);
    }

    private void fail(String terminalReason, int turns) {
        endTurn(frames.result("error_during_execution", true, turns, null, terminalReason, FrameJson.MAPPER.createArrayNode()), true);
    }

    private void endTurn(ObjectNode result, boolean isError) {
        out.accept(result);
        lastResultWasError = isError;
        state("idle");
        inTurn = false;
        startNextTurn();
    }

    private void state(String state) {
        if (reportsState) {
            out.accept(frames.sessionState(state));
        }
    }

    private String listing() {
        try (Stream<Path> files = Files.list(cwd)) {
            return String.join("\n", files.map(f -> f.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode bashResult(String stdout) {
        return FrameJson.object().put("stdout", stdout).put("stderr", "").put("interrupted", false).put("isImage", false);
    }

    private static String userText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                sb.append(block.path("text").asText()).append('\n');
            }
        }
        return sb.toString();
    }

    private String nextId(String prefix) {
        return String.format("%s_standin%012d", prefix, ++counter);
    }
}
