package dev.blackbox.app.witness;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.journal.Witness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps a witness file on this host from the checkpoints every recorder of the cluster publishes
 * ({@code blackbox.journal.checkpoints}): one line each, as published, forced to the disk before the
 * next, in arrival order. {@code blackbox verify --witness FILE} then checks the recorders' journals
 * against it, and a host that rewrites its own journals and witness cannot take back these lines.
 * A message that is not a checkpoint is told and left out.
 */
public final class WitnessVerticle extends VerticleBase {

    private final Path file;
    private final Consumer<String> tell;
    private final Set<String> sessions = new HashSet<>();
    private Witness witness;
    private WorkerExecutor writes;
    private MessageConsumer<Object> consumer;
    private long written;
    private long refused;

    /**
     * @param file the witness file (created 0600, appended to)
     * @param tell one line for each message left out (not a checkpoint), and write failures
     */
    public WitnessVerticle(Path file, Consumer<String> tell) {
        this.file = file;
        this.tell = tell;
    }

    @Override
    public Future<?> start() {
        writes = vertx.createSharedWorkerExecutor("blackbox-witness", 1); // one thread: lines in arrival order
        return writes.executeBlocking(() -> Witness.open(file)).compose(w -> {
            witness = w;
            consumer = vertx.eventBus().consumer(Addresses.JOURNAL_CHECKPOINTS, this::checkpoint);
            return consumer.completion();
        });
    }

    @Override
    public Future<?> stop() {
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered.compose(v -> writes.executeBlocking(() -> {
            if (witness != null) {
                witness.close();
            }
            return null;
        })).onComplete(v -> writes.close());
    }

    private void checkpoint(Message<Object> message) {
        byte[] line;
        JournalRecord.Checkpoint cp;
        try {
            line = ((JsonObject) message.body()).toBuffer().getBytes();
            cp = JournalRecord.Codec.decode(line, JournalRecord.Checkpoint.class);
            if (cp.session() == null || !SessionIds.isValid(cp.session()) || cp.head() == null || cp.run() == null) {
                throw new JournalException("no session, run or head");
            }
        } catch (ClassCastException | JournalException notACheckpoint) {
            refused++;
            tell.accept("left out a message on " + Addresses.JOURNAL_CHECKPOINTS + " that is not a checkpoint ("
                    + notACheckpoint.getMessage() + ")");
            return;
        }
        String session = cp.session();
        writes.executeBlocking(() -> {
            witness.append(line, true);
            return null;
        }).onSuccess(v -> {
            written++;
            sessions.add(session);
        }).onFailure(e -> tell.accept("could not witness the checkpoint of session " + session + " at seq " + cp.seq()
                + ": " + e.getMessage()));
    }

    /** Checkpoints written so far. */
    public long written() {
        return written;
    }

    /** Sessions they came from. */
    public int sessions() {
        return sessions.size();
    }

    /** Messages left out: not checkpoints. */
    public long refused() {
        return refused;
    }
}
