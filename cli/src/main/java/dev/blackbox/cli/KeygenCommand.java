package dev.blackbox.cli;

import dev.blackbox.journal.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Make a key pair that signs journal checkpoints.",
                "",
                "An Ed25519 pair, made with the JDK's own Ed25519. PREFIX.key: the private key (PKCS#8 PEM) followed by "
                        + "its public key, mode 0600: set journal.signingKey to it. PREFIX.pub: the public key (X.509 "
                        + "PEM), for 'blackbox verify --key'; give it to whoever audits the journals. Existing files are "
                        + "never overwritten."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:both files written", "2:a file exists already or cannot be written"})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "PREFIX",
            description = "Where to write PREFIX.key and PREFIX.pub (default: $XDG_CONFIG_HOME/blackbox/journal-signing, "
                    + "i.e. ~/.config/blackbox/journal-signing).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path prefix = out != null ? out : defaultPrefix();
        Path privateFile = prefix.resolveSibling(prefix.getFileName() + ".key");
        Path publicFile = prefix.resolveSibling(prefix.getFileName() + ".pub");
        SigningKeys.Pair pair = SigningKeys.generate();
        SigningKeys.write(pair, privateFile, publicFile);
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + privateFile + " (private key, 0600) and " + publicFile + " (public key); key id " + pair.keyId());
        w.println("record with it:  journal.signingKey: " + privateFile + "   (or BLACKBOX_JOURNAL_SIGNING_KEY)");
        w.println("verify with it:  blackbox verify SESSION --key " + publicFile);
        w.flush();
        return 0;
    }

    private static Path defaultPrefix() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("blackbox").resolve("journal-signing");
    }
}
