package dev.blackbox.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 keys that sign checkpoints, with the JDK's own {@code Ed25519}. Files are PEM, as OpenSSL
 * writes them: the private key file holds a {@code PRIVATE KEY} block (PKCS#8) followed by the matching
 * {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo), mode 0600; the public key file holds the
 * {@code PUBLIC KEY} block alone. A key's id is the first 16 hex digits of the SHA-256 of its
 * SubjectPublicKeyInfo bytes.
 */
public final class SigningKeys {

    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SigningKeys() {
    }

    /** A private key and its public half. */
    public record Pair(PrivateKey privateKey, PublicKey publicKey) {
        public String keyId() {
            return SigningKeys.keyId(publicKey);
        }
    }

    public static Pair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new Pair(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Writes {@code privateFile} (0600) and {@code publicFile}; refuses to overwrite either. */
    public static void write(Pair pair, Path privateFile, Path publicFile) {
        for (Path p : List.of(privateFile, publicFile)) {
            if (Files.exists(p)) {
                throw new JournalException(p + " already exists; move it away or choose another --out");
            }
        }
        writeNew(privateFile, pem("PRIVATE KEY", pair.privateKey().getEncoded()) + pem("PUBLIC KEY", pair.publicKey().getEncoded()), true);
        writeNew(publicFile, pem("PUBLIC KEY", pair.publicKey().getEncoded()), false);
    }

    /** Reads a private key file written by {@link #write} (or OpenSSL, with the public key beside it as NAME.pub). */
    public static Pair readPrivate(Path file) {
        String text = read(file, "signing key");
        if (JournalFiles.POSIX) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                if (!perms.isEmpty()) {
                    throw new JournalException("signing key " + file + " is readable by others ("
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + "): chmod 600 it");
                }
            } catch (IOException e) {
                throw new JournalException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
            }
        }
        byte[] priv = block(text, "PRIVATE KEY", file);
        byte[] pub = blocks(text, "PUBLIC KEY").stream().findFirst().orElse(null);
        if (pub == null) {
            Path sibling = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
            if (!Files.isRegularFile(sibling)) {
                throw new JournalException("signing key " + file + " holds no public key and there is no " + sibling
                        + "; make keys with 'blackbox keygen'");
            }
            pub = block(read(sibling, "public key"), "PUBLIC KEY", sibling);
        }
        try {
            KeyFactory kf = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(priv));
            PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(pub));
            Pair pair = new Pair(privateKey, publicKey);
            byte[] probe = "blackbox key check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(publicKey, probe, sign(privateKey, probe))) {
                throw new JournalException("signing key " + file + ": its public key does not belong to its private key");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new JournalException("signing key " + file + " is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(Path file) {
        byte[] pub = block(read(file, "public key"), "PUBLIC KEY", file);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(pub));
        } catch (GeneralSecurityException e) {
            throw new JournalException("public key " + file + " is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new JournalException("cannot sign a checkpoint: " + e.getMessage(), e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Signs a checkpoint: the same record with {@code keyId} and a base64 {@code sig} over its signed bytes. */
    static JournalRecord.Checkpoint sign(Pair pair, JournalRecord.Checkpoint checkpoint) {
        byte[] sig = sign(pair.privateKey(), checkpoint.signedBytes());
        return checkpoint.withSignature(pair.keyId(), Base64.getEncoder().encodeToString(sig));
    }

    /** True when the checkpoint carries a signature by this key over its own fields. */
    static boolean verify(PublicKey key, JournalRecord.Checkpoint checkpoint) {
        if (checkpoint.sig() == null) {
            return false;
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(checkpoint.sig());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verify(key, checkpoint.signedBytes(), sig);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeNew(Path file, String text, boolean ownerOnly) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                JournalFiles.createPrivateDirectories(parent);
            }
            if (ownerOnly && JournalFiles.POSIX) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new JournalException(file + " already exists; move it away or choose another --out");
        } catch (IOException e) {
            throw new JournalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new JournalException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] block(String text, String type, Path file) {
        List<byte[]> found = blocks(text, type);
        if (found.isEmpty()) {
            throw new JournalException(file + " holds no '" + type + "' PEM block");
        }
        return found.get(0);
    }

    private static List<byte[]> blocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
