package dev.blackbox.journal;

import java.nio.file.Path;
import java.security.PublicKey;

/** A fresh Ed25519 key pair in files, as {@code blackbox keygen} writes them. */
record Keys(Path privateFile, Path publicFile, PublicKey publicKey, String id) {

    static Keys make(Path dir) {
        SigningKeys.Pair pair = SigningKeys.generate();
        Path priv = dir.resolve("journal.key");
        Path pub = dir.resolve("journal.pub");
        SigningKeys.write(pair, priv, pub);
        return new Keys(priv, pub, SigningKeys.readPublic(pub), pair.keyId());
    }

    JournalVerifier.Options options() {
        return new JournalVerifier.Options(publicKey, null);
    }
}
