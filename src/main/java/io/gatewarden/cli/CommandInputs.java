package io.gatewarden.cli;

import io.gatewarden.config.ConfigException;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code run}, {@code replay} and {@code load} check before they start: the settings file and the log inputs. */
final class CommandInputs {
    private CommandInputs() {}

    /**
     * gatewarden.yaml from {@code file}, or the embedded defaults when there is none; null once {@code err} has been
     * told why it is invalid ({@code invalidPrefix}, e.g. "gatewarden: invalid configuration: ", then the reason).
     */
    static GatewardenConfig settings(Path file, PrintWriter err, String invalidPrefix) {
        try {
            return file == null ? GatewardenConfig.defaults() : ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(invalidPrefix + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** True when every input exists; else {@code err} names the first missing one after {@code command} ("gatewarden"). */
    static boolean allExist(List<Path> inputs, PrintWriter err, String command) {
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                err.println(command + ": no such file or directory: " + p);
                return false;
            }
        }
        return true;
    }
}
