package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One verification of one journal (see {@link JournalVerifier}): walks the cycle files in order, excerpt
 * by excerpt, and stops at the first thing wrong. Single use.
 */
final class JournalAudit {

    /** An entry may sit in the file of the next day by this much: older writers read two clocks. */
    private static final long MIDNIGHT_GRACE_MICROS = 1_000_000;
    private static final byte[] ROLL_TEXT = {(byte) 0xc3, 'E', 'O', 'F'};

    private final Path dir;
    private final String sessionId;
    private final JournalVerifier.Options options;
    private final String keyId;
    private final HashChain chain = new HashChain();

    private WriterLock.Holder holder = WriterLock.Holder.NOBODY;
    private byte[] prev;
    private long expected = 1;
    private String run;
    private long lastSeq;
    private EntryKind lastKind;
    private long lastTs;
    private int formatVersion = JournalRecord.FORMAT_VERSION;
    private boolean lastIsSeal;

    private long checkpoints;
    private long signedCheckpoints;
    private long lastSignedCheckpointSeq;
    private String otherKeyId;

    private VoidExcerpt pendingVoid;
    private TornTail torn;
    private String tornFile;
    /** The highest cycle Chronicle's metadata.cq4t lists (it lists a cycle once the file's header is published). */
    private OptionalLong highest = OptionalLong.empty();
    /** The last cycle file ends with the roll mark and no later one exists: its writer was stopped at the roll. */
    private String rolledAtEnd;
    /** Only writer.lock is there: a writer was stopped while opening the journal, before Chronicle made its files. */
    private boolean openedOnly;
    /** The last cycle file is one Chronicle was still creating and had not listed yet. */
    private boolean lastFileUnpublished;
    private final Map<Long, String> wantedHashes = new HashMap<>();
    /** The seq each cycle file's first entry was expected to have, as walked. */
    private final TreeMap<Integer, Long> firstSeqOfCycle = new TreeMap<>();

    private long problemSeq = -1;
    private String problem;

    private record VoidExcerpt(String file, long offset) {
    }

    JournalAudit(Path dir, String sessionId, JournalVerifier.Options options) {
        this.dir = dir;
        this.sessionId = sessionId;
        this.options = options;
        this.keyId = options.key() == null ? null : SigningKeys.keyId(options.key());
        this.prev = HashChain.genesis(sessionId);
    }

    Result run() {
        if (!Files.isDirectory(dir)) {
            problem(0, "there is no journal directory " + dir);
            return verdict(new CycleFiles.Listing(new TreeMap<>(), List.of()), List.of());
        }
        holder = WriterLock.holder(dir);
        highest = ChronicleMetadata.highestCycle(dir);
        List<JournalRecord.Checkpoint> witnessed = options.witness() == null ? List.of() : Witness.read(options.witness(), sessionId);
        for (JournalRecord.Checkpoint w : witnessed) {
            wantedHashes.put(w.seq(), null);
        }
        CycleFiles.Listing listing = CycleFiles.list(dir);
        walk(listing);
        if (problem == null) {
            accountForFiles(listing);
        }
        if (problem == null) {
            checkWitness(witnessed);
        }
        return verdict(listing, witnessed);
    }

    // ---------------------------------------------------------------- the walk

    private void walk(CycleFiles.Listing listing) {
        List<Map.Entry<Integer, Path>> files = new ArrayList<>(listing.cycles().entrySet());
        for (int i = 0; i < files.size() && problem == null && torn == null; i++) {
            Path path = files.get(i).getValue();
            try (QueueFile f = QueueFile.open(path)) {
                walkFile(f, files.get(i).getKey(), i == files.size() - 1);
            } catch (IOException e) {
                problem(expected, "cannot read " + path.getFileName() + ": " + e.getMessage());
            }
        }
    }

    private void walkFile(QueueFile f, int cycle, boolean lastFile) throws IOException {
        boolean writerHere = lastFile && holder.held();
        if (writerHere && (f.size < 4 || f.at(0).type() != QueueFile.Type.META || !QueueFile.isStoreHeader(f.body(f.at(0))))) {
            return; // the writer is creating this file right now: its header is not written yet
        }
        if (lastFile && unpublished(f, cycle)) {
            lastFileUnpublished = true;
            return;
        }
        if (f.size == 0) {
            problem(expected, f.name + " is empty (0 bytes): it was cut before Chronicle's header");
            return;
        }
        QueueFile.Excerpt header = f.at(0);
        switch (header.type()) {
            case CUT -> {
                boolean looksLikeOne = f.size >= 12 && "header".equals(QueueFile.metaName(f.bytes(4, 8)));
                problem(expected, looksLikeOne ? f.name + " is " + f.size + " bytes: it was cut inside Chronicle's header"
                        : f.name + " is not a Chronicle queue file (no SCQStore header at offset 0)");
                return;
            }
            case END -> {
                problem(expected, f.name + " has no Chronicle header at offset 0: it is not a cycle file of this journal");
                return;
            }
            default -> {
                if (header.word() == QueueFile.NOT_COMPLETE) {
                    problem(expected, TornTail.unpublished(f) != null
                            ? f.name + " is a cycle file Chronicle never finished creating (its header word is still"
                            + " incomplete), yet a later cycle file follows it"
                            : "the header word at offset 0 of " + f.name + " is flagged incomplete, yet more follows than"
                            + " Chronicle writes before it publishes a file's header: not a file it was still creating");
                    return;
                }
                if (header.type() != QueueFile.Type.META || !QueueFile.isStoreHeader(f.body(header))) {
                    problem(expected, f.name + " is not a Chronicle queue file (no SCQStore header at offset 0)");
                    return;
                }
                int dataFormat = QueueFile.dataFormat(f.body(header));
                if (dataFormat != 1) {
                    // Chronicle would read this file's bytes another way than this walk (unaligned): what it shows unchecked
                    problem(expected, "the store header of " + f.name + (dataFormat < 0 ? " does not give its dataFormat as"
                            + " Chronicle writes it" : " says dataFormat " + dataFormat + ", not 1") + ": Chronicle would read"
                            + " its excerpts otherwise than they were verified");
                    return;
                }
            }
        }
        boolean firstInFile = true;
        for (long pos = header.next(); ; ) {
            QueueFile.Excerpt x = f.at(pos);
            if (writerHere && x.type() != QueueFile.Type.DATA && x.type() != QueueFile.Type.META) {
                return; // the writer is at work right here: what follows is still being written
            }
            switch (x.type()) {
                case CUT -> {
                    if (x.word() == 0) {
                        problem(expected, f.name + " ends at byte " + f.size + (lastSeq > 0 ? ", right after seq " + lastSeq : "")
                                + ", without the end of its data: the file was cut");
                    } else if (x.length() > JournalFiles.BLOCK_SIZE / 4) {
                        problem(expected, String.format(java.util.Locale.ROOT, "the bytes at offset %d of %s are no excerpt"
                                + " a writer leaves: header word 0x%08x announces %d bytes, more than an excerpt can hold", pos, f.name, x.word(), x.length()));
                    } else {
                        problem(expected, f.name + " was cut: the excerpt at offset " + pos + " announces " + x.length()
                                + " bytes but the file ends at byte " + f.size);
                    }
                    return;
                }
                case END -> {
                    endOfData(f, x, lastFile);
                    return;
                }
                case ROLLED -> {
                    rolled(f, x, cycle, lastFile);
                    return;
                }
                case INCOMPLETE -> {
                    TornTail t = TornTail.incomplete(f, x, expected);
                    if (t.kind() == TornTail.Kind.TORN && lastFile) {
                        torn(f, t);
                    } else {
                        problem(expected, t.kind() == TornTail.Kind.TORN
                                ? "the excerpt at offset " + x.pos() + " of " + f.name + " is flagged incomplete, and a later cycle file follows"
                                : t.problem());
                    }
                    return;
                }
                case META -> {
                    byte[] body = f.body(x);
                    if (!QueueFile.isChronicleIndex(body)) {
                        problem(expected, "the excerpt at offset " + pos + " of " + f.name
                                + " is flagged as Chronicle metadata but is not Chronicle's" + hiddenEntry(body));
                        return;
                    }
                }
                case DATA -> {
                    if (!entry(f, x, cycle, lastFile, firstInFile)) {
                        return;
                    }
                    firstInFile = false;
                }
            }
            pos = x.next();
        }
    }

    private void endOfData(QueueFile f, QueueFile.Excerpt end, boolean lastFile) throws IOException {
        TornTail t = TornTail.afterEnd(f, end.pos(), expected);
        switch (t.kind()) {
            case CLEAN -> {
                if (!lastFile) {
                    // Chronicle marks a day's file when its writer moves on (a reopened journal too); without the
                    // mark its readers stop at this file and never show the later days
                    problem(expected, f.name + " ends at offset " + end.pos() + " without Chronicle's roll mark, yet a later"
                            + " cycle file follows: readers would stop here (the mark was removed)");
                    return;
                }
                if (pendingVoid != null && lastFile) {
                    // a writer voided a torn entry and stopped before journaling why: still the same torn write
                    torn = new TornTail(TornTail.Kind.TORN, pendingVoid.offset(), end.pos(), null);
                    tornFile = pendingVoid.file();
                }
            }
            case TORN -> {
                if (lastFile) {
                    torn(f, t);
                } else {
                    problem(expected, "bytes of an unfinished write at offset " + t.offset() + " of " + f.name
                            + ", and a later cycle file follows");
                }
            }
            default -> problem(expected, t.problem());
        }
    }

    private void rolled(QueueFile f, QueueFile.Excerpt mark, int cycle, boolean lastFile) throws IOException {
        long after = mark.pos() + 4;
        if (after + 4 <= f.size && Arrays.equals(f.bytes(after, 4), ROLL_TEXT)) {
            after += 4; // newer Chronicle spells the mark out
        }
        long stray = f.firstNonZero(after, f.size);
        if (stray >= 0) {
            problem(expected, "data after Chronicle's roll mark, at offset " + stray + " of " + f.name);
        } else if (lastFile && !holder.held()) {
            if (highest.isPresent() && highest.getAsLong() <= cycle) {
                // Chronicle marks the old file before it creates the new one, and lists a cycle only once its
                // file is made: a writer stopped in between leaves exactly this
                rolledAtEnd = f.name;
            } else {
                problem(expected, f.name + " ends with Chronicle's roll mark (its writer moved on to a later day) but no later"
                        + " cycle file exists: the cycle file after it is missing"
                        + (highest.isPresent() ? " (metadata.cq4t lists " + CycleFiles.fileName((int) highest.getAsLong()) + ")" : ""));
            }
        }
    }

    /**
     * The last cycle file, when Chronicle was still creating it ({@link TornTail#unpublished}): it holds no entry.
     * A file of no bytes at all is that only while Chronicle's metadata does not list its cycle yet; a listed
     * one was cut.
     */
    private boolean unpublished(QueueFile f, int cycle) throws IOException {
        if (holder.held()) {
            return false;
        }
        TornTail creation = TornTail.unpublished(f);
        if (creation == null || f.size == 0 && highest.isPresent() && highest.getAsLong() >= cycle) {
            return false;
        }
        if (creation.bytes() > 0) {
            torn(f, creation);
        }
        return true;
    }

    /** One data excerpt; false when the walk must stop. */
    private boolean entry(QueueFile f, QueueFile.Excerpt x, int cycle, boolean lastFile, boolean firstInFile) throws IOException {
        firstSeqOfCycle.putIfAbsent(cycle, expected);
        byte[] body = f.body(x);
        if (TornTail.isVoid(body)) {
            if (pendingVoid != null) {
                problem(expected, "two void excerpts in a row, at offsets " + pendingVoid.offset() + " and " + x.pos()
                        + " of " + f.name + ": entries were blanked");
                return false;
            }
            pendingVoid = new VoidExcerpt(f.name, x.pos());
            return true;
        }
        EntryCodec.Decoded e;
        try {
            e = EntryCodec.decode(body);
        } catch (EntryCodec.UnreadableEntryException bad) {
            if (lostPagesAtEnd(f, x, body, lastFile)) {
                return false;
            }
            problem(bad.seq > 0 ? bad.seq : expected, "unreadable entry at offset " + x.pos() + " of " + f.name + ": " + bad.getMessage());
            return false;
        }
        if (e.seq() != expected) {
            problem(expected, firstInFile
                    ? "seq gap: " + f.name + " starts at seq " + e.seq() + " but seq " + expected + " comes next ("
                    + (e.seq() > expected ? "a cycle file or entries are missing)" : "the chain does not continue into this file)")
                    : "seq gap: expected seq " + expected + " but found " + e.seq() + " (offset " + x.pos() + " of " + f.name + ")");
            return false;
        }
        EntryKind kind = EntryKind.fromCode(e.kindCode());
        if (kind == null) {
            problem(e.seq(), "unreadable entry: unknown kind code " + e.kindCode() + " (offset " + x.pos() + " of " + f.name + ")");
            return false;
        }
        byte[] hash = chain.next(prev, e.seq(), e.ts(), e.kindCode(), e.payload());
        if (!MessageDigest.isEqual(hash, e.hash())) {
            if (lostPagesAtEnd(f, x, body, lastFile)) {
                return false;
            }
            problem(e.seq(), "hash mismatch: the entry or one before it was altered (offset " + x.pos() + " of " + f.name + ")");
            return false;
        }
        if (!inCycle(e.ts(), cycle)) {
            problem(e.seq(), "entry seq " + e.seq() + " was written on " + CycleFiles.day(CycleFiles.cycleOfMicros(e.ts()))
                    + " but is in " + f.name + ", the file of " + CycleFiles.day(cycle)
                    + ": the file was renamed or the entry moved");
            return false;
        }
        if (pendingVoid != null) {
            VoidExcerpt v = pendingVoid;
            pendingVoid = null;
            if (!accountsFor(kind, e.payload(), v)) {
                problem(e.seq(), "the void excerpt at offset " + v.offset() + " of " + v.file() + " is not accounted for by a"
                        + " RECORDING_RESUMED entry after it: an entry was blanked");
                return false;
            }
        }
        if (e.seq() == 1) {
            run = HashChain.hex(hash);
        }
        if (!record(e, kind)) {
            return false;
        }
        if (wantedHashes.containsKey(e.seq())) {
            wantedHashes.put(e.seq(), HashChain.hex(hash));
        }
        prev = hash;
        lastSeq = e.seq();
        lastKind = kind;
        lastTs = e.ts();
        expected++;
        return true;
    }

    /** Checks what the journal's own records say about the chain; false when one is wrong. */
    private boolean record(EntryCodec.Decoded e, EntryKind kind) {
        lastIsSeal = false;
        try {
            switch (kind) {
                case RECORDING_STARTED -> formatVersion = JournalRecord.Codec.decode(e.payload(),
                        JournalRecord.RecordingStarted.class).formatVersion();
                case RECORDING_RESUMED -> {
                    JournalRecord.RecordingResumed r = JournalRecord.Codec.decode(e.payload(), JournalRecord.RecordingResumed.class);
                    if (r.lastGoodSeq() != e.seq() - 1) {
                        problem(e.seq(), "RECORDING_RESUMED at seq " + e.seq() + " says the last good entry was seq "
                                + r.lastGoodSeq() + ": entries were removed or added");
                        return false;
                    }
                }
                case CHECKPOINT -> {
                    return checkpoint(e, JournalRecord.Codec.decode(e.payload(), JournalRecord.Checkpoint.class));
                }
                default -> {
                    // nothing the chain depends on
                }
            }
        } catch (JournalException bad) {
            problem(e.seq(), "unreadable " + kind + " record: " + bad.getMessage());
            return false;
        }
        return true;
    }

    private boolean checkpoint(EntryCodec.Decoded e, JournalRecord.Checkpoint cp) {
        if (!sessionId.equals(cp.session()) || cp.seq() != e.seq() - 1 || !HashChain.hex(prev).equals(cp.head())
                || !Objects.equals(run, cp.run())) {
            problem(e.seq(), "the checkpoint at seq " + e.seq() + " vouches for seq " + cp.seq() + " of session " + cp.session()
                    + " with another hash than this journal's: it was altered or copied from another journal");
            return false;
        }
        checkpoints++;
        if (cp.sig() != null) {
            if (keyId == null) {
                otherKeyId = cp.keyId();
            } else if (!keyId.equals(cp.keyId())) {
                problem(e.seq(), "the checkpoint at seq " + e.seq() + " is signed by key " + cp.keyId()
                        + ", not by the key given (" + keyId + ")");
                return false;
            } else if (!SigningKeys.verify(options.key(), cp)) {
                problem(lastSignedCheckpointSeq + 1, "the signature of the checkpoint at seq " + e.seq() + " does not verify"
                        + " with key " + keyId + ": an entry between seq " + (lastSignedCheckpointSeq + 1) + " and " + cp.seq()
                        + " was altered and the chain re-hashed, or the checkpoint was forged");
                return false;
            } else {
                signedCheckpoints++;
                lastSignedCheckpointSeq = e.seq();
            }
        }
        lastIsSeal = cp.seal();
        return true;
    }

    /** The last excerpt of the journal, complete, but its hash never reached the disk: a torn write. */
    private boolean lostPagesAtEnd(QueueFile f, QueueFile.Excerpt x, byte[] body, boolean lastFile) throws IOException {
        if (lastFile && TornTail.lostPages(body) && f.firstNonZero(x.next(), f.size) < 0) {
            torn(f, new TornTail(TornTail.Kind.LOST_PAGES, x.pos(), x.bodyPos() + x.length(), null));
            return true;
        }
        return false;
    }

    private static boolean accountsFor(EntryKind kind, byte[] payload, VoidExcerpt v) {
        if (kind != EntryKind.RECORDING_RESUMED) {
            return false;
        }
        try {
            JournalRecord.RecordingResumed r = JournalRecord.Codec.decode(payload, JournalRecord.RecordingResumed.class);
            return Boolean.TRUE.equals(r.voided()) && v.file().equals(r.tornFile()) && r.tornOffset() != null
                    && r.tornOffset() == v.offset();
        } catch (JournalException e) {
            return false;
        }
    }

    private static boolean inCycle(long ts, int cycle) {
        return CycleFiles.cycleOfMicros(ts) == cycle || CycleFiles.cycleOfMicros(ts + MIDNIGHT_GRACE_MICROS) == cycle;
    }

    private static String hiddenEntry(byte[] body) {
        try {
            return " (it holds journal entry seq " + EntryCodec.decode(body).seq() + ")";
        } catch (JournalException e) {
            return "";
        }
    }

    private void torn(QueueFile f, TornTail t) {
        torn = t;
        tornFile = f.name;
    }

    // ---------------------------------------------------------------- after the walk

    /** Files the chain does not account for, and cycle files Chronicle listed that are gone. */
    private void accountForFiles(CycleFiles.Listing listing) {
        if (!listing.foreign().isEmpty()) {
            problem(0, "unexpected file " + listing.foreign().stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(", ")) + " in the journal directory: a .cq4 file that is not one of its"
                    + " cycle files (yyyyMMddF.cq4), which no entry accounts for");
            return;
        }
        if (listing.isEmpty()) {
            if (holder.held()) {
                return;
            }
            boolean metadata = Files.exists(dir.resolve(JournalFiles.METADATA_FILE));
            if (highest.isPresent()) {
                problem(1, "the journal's data is gone: no cycle file is left (metadata.cq4t lists cycles up to "
                        + CycleFiles.fileName((int) highest.getAsLong()) + ")");
            } else if (!metadata && Files.exists(dir.resolve(WriterLock.FILE))) {
                openedOnly = true; // a writer takes its lock before Chronicle makes any file: stopped in between
            } else if (!metadata && !JournalFiles.hasJournalFiles(dir)) {
                problem(1, "the journal's data is gone: its directory is empty");
            }
            return; // Chronicle's metadata says no cycle was ever written: an empty journal
        }
        int lastOnDisk = listing.cycles().lastKey();
        if (highest.isPresent() && highest.getAsLong() > lastOnDisk && !holder.held()) {
            problem(lastSeq + 1, "the cycle file " + CycleFiles.fileName((int) highest.getAsLong())
                    + " is missing (metadata.cq4t lists it; the last one left is " + CycleFiles.fileName(lastOnDisk) + ")");
            return;
        }
        if (holder.held()) {
            return; // a writer may be between making a file and listing it
        }
        // Chronicle's readers go by the listing, not the files: one that leaves a file out hides its entries from them
        boolean lastUnlisted = lastFileUnpublished || (torn != null && torn.kind() == TornTail.Kind.UNPUBLISHED); // being made
        SortedMap<Integer, Path> listed = lastUnlisted ? listing.cycles().headMap(lastOnDisk) : listing.cycles();
        if (listed.isEmpty()) {
            return;
        }
        OptionalLong lowest = ChronicleMetadata.lowestCycle(dir);
        if (lowest.isPresent() && lowest.getAsLong() != listed.firstKey()) {
            problem(1, "metadata.cq4t lists " + cycleName(lowest.getAsLong()) + " as the first cycle, but the first cycle file is "
                    + CycleFiles.fileName(listed.firstKey()) + ": readers would not show what the files hold");
            return;
        }
        if (highest.isPresent() && highest.getAsLong() != listed.lastKey()) {
            problem(firstSeqAfter(highest.getAsLong()), "metadata.cq4t lists " + cycleName(highest.getAsLong()) + " as the last"
                    + " cycle, but " + CycleFiles.fileName(listed.lastKey()) + " is there: readers would not show what the later"
                    + " files hold");
        }
    }

    /** A cycle as metadata.cq4t gives it: a file name, or Chronicle's "none" for an empty listing. */
    private static String cycleName(long cycle) {
        return cycle <= Integer.MIN_VALUE || cycle >= Integer.MAX_VALUE ? "no cycle" : CycleFiles.fileName((int) cycle);
    }

    /** The first seq of the first cycle file after {@code cycle} (from the walk), or the one after the last entry. */
    private long firstSeqAfter(long cycle) {
        Map.Entry<Integer, Long> next = firstSeqOfCycle.ceilingEntry((int) cycle + 1);
        return next == null ? lastSeq + 1 : next.getValue();
    }

    private void checkWitness(List<JournalRecord.Checkpoint> witnessed) {
        for (JournalRecord.Checkpoint w : witnessed) {
            if (keyId != null && !(keyId.equals(w.keyId()) && SigningKeys.verify(options.key(), w))) {
                problem(0, "the witness line for seq " + w.seq() + " is not signed with key " + keyId
                        + ": the witness file was altered");
                return;
            }
            if (run == null || !run.equals(w.run())) {
                problem(1, "the witness holds checkpoints of another recording of session " + sessionId + " (run "
                        + abbrev(w.run()) + ", up to seq " + last(witnessed).seq() + ")"
                        + (run == null ? " and this journal holds no entry" : "; this journal is run " + abbrev(run))
                        + ": the journal was replaced");
                return;
            }
            if (w.seq() > lastSeq) {
                problem(lastSeq + 1, "truncated: the witness holds a checkpoint for seq " + w.seq() + " ("
                        + Instant.ofEpochMilli(w.ts() / 1000) + ") but the journal ends at seq " + lastSeq);
                return;
            }
            if (!w.head().equals(wantedHashes.get(w.seq()))) {
                problem(w.seq(), "the journal's hash at seq " + w.seq() + " is not the one the witness holds: an entry"
                        + " up to seq " + w.seq() + " was altered and the chain re-hashed");
                return;
            }
        }
    }

    // ---------------------------------------------------------------- the verdict

    private Result verdict(CycleFiles.Listing listing, List<JournalRecord.Checkpoint> witnessed) {
        boolean sealed = lastIsSeal || (formatVersion < 2 && lastKind == EntryKind.RECORDING_STOPPED);
        if (problem == null && keyId != null && sealed && !holder.held() && torn == null
                && lastSignedCheckpointSeq != lastSeq) {
            problem(lastSignedCheckpointSeq + 1, signedCheckpoints == 0
                    ? "no checkpoint is signed with key " + keyId + " (recorded without journal.signingKey, or the journal was replaced)"
                    : "the " + (lastSeq - lastSignedCheckpointSeq) + " entries after seq " + lastSignedCheckpointSeq
                    + " (the last checkpoint signed with key " + keyId + ") are not covered by a signature, yet the"
                    + " journal ends sealed: a forged append or a forged seal");
        }
        if (problem != null) {
            long verified = problemSeq > 0 ? problemSeq - 1 : lastSeq;
            return new Result(sessionId, Status.TAMPERED, Math.min(verified, lastSeq), Math.max(problemSeq, 0), problem, null);
        }
        if (holder.held()) {
            return new Result(sessionId, Status.LIVE, lastSeq, 0, null, "a recorder" + (holder.pid() > 0 ? " (pid "
                    + holder.pid() + ")" : "") + " is writing it; " + lastSeq + " entries so far, intact").withHead(head());
        }
        if (lastSeq == 0 && torn == null) {
            return new Result(sessionId, Status.UNSEALED, 0, 0, null, "empty: no entry was ever written" + (openedOnly
                    ? " (only writer.lock is there: its writer was stopped while opening it, before Chronicle made its files)" : ""));
        }
        String coverage = coverage();
        if (torn != null) {
            return new Result(sessionId, Status.TORN_TAIL, lastSeq, 0, null, "the write after seq " + lastSeq
                    + " was interrupted (" + torn.bytes() + " bytes at offset " + torn.offset() + " of " + tornFile
                    + switch (torn.kind()) {
                        case LOST_PAGES -> ", an entry whose last pages never reached the disk";
                        case UNPUBLISHED -> ", a cycle file Chronicle was still creating: its header was never"
                                + " finished and no entry is in it";
                        default -> "";
                    }
                    + "), not altered; " + (lastSeq == 0 ? "no entry was written before it" : "entries 1-" + lastSeq + " are intact")
                    + coverage).withHead(head());
        }
        if (!sealed) {
            return new Result(sessionId, Status.UNSEALED, lastSeq, 0, null, "no seal and no recorder writing it; the last entry is seq "
                    + lastSeq + " (" + lastKind + ", " + Instant.ofEpochMilli(lastTs / 1000) + "): the recorder stopped"
                    + " without sealing it (a crash, kill -9 or full disk), or the journal was cut there"
                    + (rolledAtEnd == null ? "" : "; it had just closed " + rolledAtEnd + " for the day (Chronicle's roll"
                    + " mark) and was stopped before it created the next cycle file") + coverage).withHead(head());
        }
        StringBuilder d = new StringBuilder(lastSeq + " entries, hash chain verified");
        if (formatVersion < 2 && !lastIsSeal) {
            d.append(" (format ").append(formatVersion).append(": ends with RECORDING_STOPPED, no checkpoint)");
        } else if (keyId != null) {
            d.append(", every entry covered by checkpoints signed with key ").append(keyId)
                    .append(" (").append(signedCheckpoints).append(signedCheckpoints == 1 ? " checkpoint)" : " checkpoints)");
        } else if (otherKeyId != null) {
            d.append(", ").append(checkpoints).append(checkpoints == 1 ? " checkpoint" : " checkpoints")
                    .append(" signed by key ").append(otherKeyId).append(" (pass --key to check the signatures)");
        } else {
            d.append(", sealed by an unsigned checkpoint");
        }
        if (!witnessed.isEmpty()) {
            d.append("; the witness agrees (").append(witnessed.size()).append(witnessed.size() == 1 ? " checkpoint)" : " checkpoints)");
        }
        return new Result(sessionId, Status.SEALED, lastSeq, 0, null, d.toString()).withHead(head());
    }

    /** The hash of the last entry verified, in hex; null before the first. */
    private String head() {
        return lastSeq > 0 && prev != null ? HashChain.hex(prev) : null;
    }

    private String coverage() {
        if (keyId == null) {
            return "";
        }
        long uncovered = lastSeq - lastSignedCheckpointSeq;
        return uncovered <= 0 ? "" : "; " + uncovered + (uncovered == 1 ? " entry" : " entries") + " after seq "
                + lastSignedCheckpointSeq + (signedCheckpoints == 0 ? " (no checkpoint signed with key " + keyId + ")"
                : " (the last checkpoint signed with key " + keyId + ")") + " are not covered by a signature";
    }

    private void problem(long seq, String what) {
        if (problem == null) {
            problemSeq = seq;
            problem = what;
        }
    }

    private static JournalRecord.Checkpoint last(List<JournalRecord.Checkpoint> list) {
        return list.get(list.size() - 1);
    }

    private static String abbrev(String hex) {
        return hex == null ? "?" : hex.substring(0, Math.min(12, hex.length()));
    }
}
