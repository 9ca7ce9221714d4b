package dev.blackbox.cli;

import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SigningKeys;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --key} and {@code --witness}: what a journal is verified against besides its own chain, for
 * every command that verifies one before it shows it (verify, replay, export, state).
 */
final class IntegrityOptions {

    @Option(names = "--key", paramLabel = "PUB",
            description = "Ed25519 public key (from 'blackbox keygen'): every checkpoint must be signed with it, and a sealed journal fully covered.")
    Path key;

    @Option(names = "--witness", paramLabel = "FILE",
            description = "A witness file (journal.witness, 'blackbox witness'): every checkpoint it holds for the session must be in the journal, with the same hash.")
    Path witness;

    /** The verifier's options; a missing witness or an unreadable key is a usage error. */
    JournalVerifier.Options options() {
        if (witness != null && !Files.isRegularFile(witness)) {
            throw new UsageError("witness file " + witness + " does not exist");
        }
        return new JournalVerifier.Options(key == null ? null : SigningKeys.readPublic(key), witness);
    }

    /** A journal read from another node is checked by its chain only: a key or a witness given for it would be ignored. */
    void refuseRemote() {
        if (key != null || witness != null) {
            throw new UsageError("--key and --witness check a journal's files on this host; a journal read from another node"
                    + " is checked by recomputing its chain here (run verify on the host that holds it)");
        }
    }
}
