package dev.blackbox.recorder.local;

import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.recorder.permissions.Policy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The worker behind {@code blackbox-claude}. The application's lines (read from its pipe on a thread
 * of their own) go to the recorder as the host's frames and, once journaled, to the CLI; the end of
 * its input closes the CLI's stdin. The CLI's stdout lines go back to the application once journaled,
 * byte for byte, newline or not — all but a {@code can_use_tool} the policy decides, which Blackbox
 * answers instead. The CLI's stderr is passed on as it is, and journaled line by line.
 */
final class PassThroughTransport extends WorkerTransport {

    private final PassThrough spec;
    private final Policy policy;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final LineWriter toApp;
    private final LineWriter toAppErr;

    PassThroughTransport(Vertx vertx, PassThrough spec) {
        super(vertx, spec.command(), spec.report());
        this.spec = spec;
        this.policy = spec.policy();
        this.toApp = new LineWriter("app-stdout", spec.appOut());
        this.toAppErr = new LineWriter("app-stderr", spec.appErr());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> facts = spec.command().describe(null);
        facts.put("host", "application"); // blackbox-claude: the application hosts the session, Blackbox sits in between
        return facts;
    }

    @Override
    public boolean anotherHostAnswers() {
        return true;
    }

    @Override
    protected void started() {
        LineReader.start("app-stdin", spec.appIn(), new LineReader.Sink() {
            @Override
            public void line(byte[] line, boolean terminated) {
                context.runOnContext(v -> listener.onOutbound(Buffer.buffer(line)));
            }

            @Override
            public void end() {
                context.runOnContext(v -> closeStdin()); // after every line before it: the application is done
            }
        });
    }

    @Override
    protected void afterFrame(byte[] line, boolean terminated) {
        if (!decidedByPolicy(line)) {
            toApp.write(terminated ? withNewline(line) : line);
        }
    }

    @Override
    protected void afterStderr(byte[] line, boolean terminated) {
        toAppErr.write(terminated ? withNewline(line) : line);
    }

    @Override
    protected void beforeExit(WorkerExit exit) {
        // the CLI is gone and every line it wrote is queued for the application: then its streams end
        spec.drained(Future.all(Future.fromCompletionStage(toApp.close(), context),
                Future.fromCompletionStage(toAppErr.close(), context)).mapEmpty());
    }

    /** A permission request the policy answers: Blackbox decides it, and the application never sees it. */
    private boolean decidedByPolicy(byte[] line) {
        if (policy == null || !sniffer.sniff(line) || !"control_request".equals(sniffer.type())
                || !"can_use_tool".equals(sniffer.subtype())) {
            return false;
        }
        try {
            JsonObject request = new JsonObject(Buffer.buffer(line)).getJsonObject("request");
            return policy.evaluate(request.getString("tool_name"), request.getJsonObject("input")).isPresent();
        } catch (DecodeException | ClassCastException e) {
            return false;
        }
    }

    private static byte[] withNewline(byte[] line) {
        byte[] out = new byte[line.length + 1];
        System.arraycopy(line, 0, out, 0, line.length);
        out[line.length] = '\n';
        return out;
    }
}
