package dev.blackbox.cli;

import dev.blackbox.recorder.permissions.Policy;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads and checks a policy file; any problem is one line naming the file and the rule. */
final class PolicyFile {

    private PolicyFile() {
    }

    static Policy load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("cannot read policy file " + file + ": " + e.getClass().getSimpleName());
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw new UsageError("policy file " + file + " is not a JSON object: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        try {
            return Policy.parse(json);
        } catch (IllegalArgumentException e) {
            throw new UsageError("policy file " + file + ": " + e.getMessage());
        }
    }
}
