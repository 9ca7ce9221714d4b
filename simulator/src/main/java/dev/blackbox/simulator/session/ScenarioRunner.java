package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.frames.FrameMix;
import dev.blackbox.simulator.frames.HugeFrame;
import dev.blackbox.simulator.frames.LoadFrames;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.Step;
import dev.blackbox.simulator.scenario.Template;
import dev.blackbox.simulator.scenario.TemplateScope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs one session's scenario, step after step, on the simulator's event loop. The program is a
 * queue: an answered {@code await_permission} puts its branch at the front; an interrupt drops
 * everything up to the next {@code await_user_message}. Each step run carries the generation it
 * started in, so a step overtaken by an interrupt finishes into the void instead of continuing.
 */
final class ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    private static final int BURST_SLICE = 256;

    private final SimulatedSession session;
    private final Deque<Step> program;
    private final TemplateScope scope;
    private long generation;
    private Step current;
    private boolean started;
    private boolean finished;
    private boolean interrupting;

    ScenarioRunner(SimulatedSession session, Scenario scenario) {
        this.session = session;
        this.program = new ArrayDeque<>(scenario.steps());
        this.scope = new TemplateScope(session.id());
    }

    void start() {
        if (!started) {
            started = true;
            advance();
        }
    }

    boolean finished() {
        return finished;
    }

    /** True while the worker is working on a turn (not waiting for the user, not done). */
    boolean busy() {
        return started && !finished && !(current instanceof Step.AwaitUserMessage);
    }

    private void advance() {
        while (!finished) {
            Step step = program.pollFirst();
            if (step == null) {
                finish();
                return;
            }
            current = step;
            long gen = generation;
            Future<Void> done;
            try {
                done = execute(step, gen);
            } catch (RuntimeException e) {
                LOG.warn("session {}: step {} failed: {}", session.id(), step, e.toString());
                done = Future.succeededFuture();
            }
            if (!done.isComplete()) {
                done.onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("session {}: step {} failed: {}", session.id(), step, ar.cause().toString());
                    }
                    if (gen == generation) {
                        advance();
                    }
                });
                return;
            }
            if (gen != generation) {
                return;
            }
        }
    }

    private void finish() {
        finished = true;
        current = null;
        session.log().finished();
    }

    private Future<Void> execute(Step step, long gen) {
        Outbox out = session.outbox();
        if (step instanceof Step.Send s) {
            return out.frame(s.frame().renderFrame(scope));
        } else if (step instanceof Step.SendRaw s) {
            return out.raw(Template.renderString(s.text(), scope));
        } else if (step instanceof Step.SendBinary s) {
            return out.binary(s.bytes());
        } else if (step instanceof Step.SendHuge s) {
            return out.frame(HugeFrame.assistant(session.id(), session.turn().model(), s.bytes()));
        } else if (step instanceof Step.Pause s) {
            return session.timer().after(s.millis());
        } else if (step instanceof Step.KeepAlive) {
            return out.frame(Frame.of(FrameJson.object().put("type", "keep_alive")));
        } else if (step instanceof Step.AwaitAnswer s) {
            return awaitAnswer(s, gen);
        } else if (step instanceof Step.CancelRequest s) {
            return cancel(Template.renderString(s.requestId(), scope));
        } else if (step instanceof Step.ReplayPending) {
            return replayPending();
        } else if (step instanceof Step.AwaitUserMessage s) {
            return awaitUserMessage(s);
        } else if (step instanceof Step.Close s) {
            Future<Void> back = session.subscribers().nextArrival();
            session.subscribers().closeAll(s.code(), s.reason());
            return s.waitForResubscribe() ? back : Future.succeededFuture();
        } else if (step instanceof Step.GoStale) {
            session.subscribers().goStale();
            return Future.succeededFuture();
        } else if (step instanceof Step.RejectSubscribes s) {
            session.rejectNextSubscribes(s.count(), s.code(), s.reason());
            return Future.succeededFuture();
        } else if (step instanceof Step.Burst s) {
            return burst(s, gen);
        } else if (step instanceof Step.Stop s) {
            program.clear();
            if (s.code() != 0) {
                session.end(s.code(), s.reason());
            }
            return Future.succeededFuture();
        }
        throw new IllegalStateException("no executor for step " + step);
    }

    private Future<Void> awaitAnswer(Step.AwaitAnswer step, long gen) {
        String id = Template.renderString(step.requestId(), scope);
        Promise<Step.Outcome> outcome = Promise.promise();
        PermissionTable permissions = session.permissions();
        permissions.awaitAnswer(id).onSuccess(answer -> {
            if (!outcome.future().isComplete()) {
                scope.rememberAnswer(answer.fields()); // before completing: the branch runs within complete()
                outcome.complete(answer.outcome());
            }
        });
        if (step.timeoutMillis() > 0) {
            session.timer().after(step.timeoutMillis()).onSuccess(v -> {
                if (outcome.tryComplete(Step.Outcome.TIMEOUT)) {
                    permissions.stopWaiting(id);
                }
            });
        }
        return outcome.future().map(o -> {
            if (gen == generation) {
                List<Step> branch = step.branch(o);
                for (int i = branch.size() - 1; i >= 0; i--) {
                    program.addFirst(branch.get(i));
                }
            }
            return null;
        });
    }

    private Future<Void> cancel(String requestId) {
        session.permissions().withdraw(requestId);
        ObjectNode f = FrameJson.object().put("type", "control_cancel_request").put("request_id", requestId);
        return session.outbox().frame(Frame.of(f));
    }

    private Future<Void> replayPending() {
        Future<Void> chain = Future.succeededFuture();
        for (PermissionTable.Pending p : session.permissions().pending()) {
            chain = chain.compose(v -> session.outbox().frame(new Frame(FrameJson.parseOrNull(p.frameText()), p.frameText())));
        }
        return chain;
    }

    private Future<Void> awaitUserMessage(Step.AwaitUserMessage step) {
        Promise<Void> done = Promise.promise();
        session.inbox().next().onSuccess(message -> {
            if (done.tryComplete()) {
                session.turn().turnStarted();
            }
        });
        if (step.timeoutMillis() > 0) {
            session.timer().after(step.timeoutMillis()).onSuccess(v -> {
                if (done.tryComplete()) {
                    session.inbox().stopWaiting();
                }
            });
        }
        return done.future();
    }

    private Future<Void> burst(Step.Burst step, long gen) {
        LoadFrames frames = new LoadFrames(session.id(), session.turn().model(), FrameMix.parse(step.mix()),
                step.minBytes(), step.maxBytes(), step.seed());
        Promise<Void> done = Promise.promise();
        new BurstPump(step.count(), session.timer().intervalNanos(step.rate()), frames, gen, done).pump();
        return done.future();
    }

    /** Writes a burst at its pace, yielding to the event loop every slice so inbound frames get in. */
    private final class BurstPump {
        private final int count;
        private final long intervalNanos;
        private final LoadFrames frames;
        private final long gen;
        private final Promise<Void> done;
        private final long startNanos = System.nanoTime();
        private int sent;

        BurstPump(int count, long intervalNanos, LoadFrames frames, long gen, Promise<Void> done) {
            this.count = count;
            this.intervalNanos = intervalNanos;
            this.frames = frames;
            this.gen = gen;
            this.done = done;
        }

        void pump() {
            int slice = 0;
            while (sent < count) {
                if (gen != generation) {
                    done.tryComplete();
                    return;
                }
                if (intervalNanos > 0) {
                    long wait = startNanos + sent * intervalNanos - System.nanoTime();
                    if (wait > 1_000_000) {
                        session.timer().afterNanos(wait, this::pump);
                        return;
                    }
                }
                Future<Void> written = session.outbox().frame(frames.next());
                sent++;
                if (!written.isComplete()) {
                    written.onComplete(ar -> pump());
                    return;
                }
                if (++slice >= BURST_SLICE) {
                    session.timer().yieldThen(this::pump);
                    return;
                }
            }
            done.tryComplete();
        }
    }

    /**
     * A client's interrupt. A working turn is abandoned: pending prompts are withdrawn, the
     * interrupt is acknowledged, the turn is ended like a real worker ends it, and the scenario
     * resumes at its next {@code await_user_message}. An idle session only acknowledges.
     */
    void interrupt(String requestId) {
        if (!busy() || interrupting) {
            session.outbox().reply(ack(requestId));
            return;
        }
        interrupting = true;
        generation++;
        session.inbox().stopWaiting();
        List<PermissionTable.Pending> withdrawn = new ArrayList<>(session.permissions().pendingPermissions());
        Future<Void> chain = Future.succeededFuture();
        for (PermissionTable.Pending p : withdrawn) {
            chain = chain.compose(v -> cancel(p.requestId()));
        }
        chain = chain.compose(v -> session.outbox().frame(ack(requestId)));
        InterruptEnding ending = new InterruptEnding(session.id());
        List<Frame> endFrames = withdrawn.isEmpty()
                ? ending.abortedStreaming(session.turn())
                : ending.abortedTools(withdrawn, session.turn());
        for (Frame f : endFrames) {
            chain = chain.compose(v -> session.outbox().frame(f));
        }
        chain.onComplete(ar -> {
            interrupting = false;
            while (!program.isEmpty() && !(program.peekFirst() instanceof Step.AwaitUserMessage)) {
                program.pollFirst();
            }
            current = null;
            advance();
        });
    }

    private static Frame ack(String requestId) {
        ObjectNode f = FrameJson.object().put("type", "control_response");
        ObjectNode response = f.putObject("response").put("subtype", "success").put("request_id", requestId);
        response.putObject("response").putArray("still_queued");
        return Frame.of(f);
    }
}
