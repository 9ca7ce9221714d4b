package dev.blackbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads (never writes) Chronicle's table store {@code metadata.cq4t}: binary-wire excerpts such as
 * {@code listing.highestCycle: int64}. It is not protected by the hash chain, so the verifier uses it
 * only to explain a finding (which cycle file is missing), never to excuse one.
 */
final class ChronicleMetadata {

    private static final int INT64 = 0xa7;
    private static final int PADDING = 0x8f;
    private static final int PADDING32 = 0x8e;

    private ChronicleMetadata() {
    }

    /** The highest cycle Chronicle ever listed for the queue in {@code dir}; empty when none or unreadable. */
    static OptionalLong highestCycle(Path dir) {
        return value(dir, "listing.highestCycle");
    }

    static OptionalLong lowestCycle(Path dir) {
        return value(dir, "listing.lowestCycle");
    }

    private static OptionalLong value(Path dir, String key) {
        Path file = dir.resolve(JournalFiles.METADATA_FILE);
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try (QueueFile f = QueueFile.open(file)) {
            for (long pos = 0; ; ) {
                QueueFile.Excerpt x = f.at(pos);
                if (x.type() != QueueFile.Type.META && x.type() != QueueFile.Type.DATA) {
                    return OptionalLong.empty();
                }
                byte[] body = f.body(x);
                if (key.equals(QueueFile.metaName(body))) {
                    return int64After(body, 2 + key.getBytes(StandardCharsets.US_ASCII).length);
                }
                pos = x.next();
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong int64After(byte[] body, int at) {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int i = at;
        while (i < body.length) {
            int code = body[i] & 0xff;
            if (code == PADDING) {
                i++;
            } else if (code == PADDING32 && i + 5 <= body.length) {
                i += 5 + b.getInt(i + 1);
            } else {
                break;
            }
        }
        if (i + 9 <= body.length && (body[i] & 0xff) == INT64) {
            long v = b.getLong(i + 1);
            return v < 0 || v > Integer.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(v);
        }
        return OptionalLong.empty();
    }
}
