package io.gatewarden.breaker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.state.StateJson;
import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Breaker states in the state dir ({@code breakers.json}), replaced atomically on every state change so that a
 * restart of gatewarden (even kill -9) finds open breakers still open and their waits still running.
 * Window counters are not kept: they are seconds-old evidence and rebuild quickly.
 */
public final class BreakerStore {
    private static final ObjectMapper JSON = StateJson.mapper();

    /** The file's shape: a version for later migrations, and the breakers. */
    public record Document(int version, List<BreakerSnapshot> breakers) {}

    private final Path file;

    public BreakerStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void save(List<BreakerSnapshot> breakers) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(1, breakers)));
    }

    /** The stored breakers; an empty list when there is no file yet. A corrupt file is an error, not silently reset. */
    public List<BreakerSnapshot> load() throws IOException {
        if (!Files.exists(file)) return List.of();
        Document d = JSON.readValue(file.toFile(), Document.class);
        return d.breakers() == null ? List.of() : d.breakers();
    }
}
