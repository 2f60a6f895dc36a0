package io.gatewarden.tail;

import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Checkpoints in one JSON file, replaced with {@link AtomicFiles#write} (a kill -9 leaves the old or the new one). */
public final class FileCheckpointStore implements CheckpointStore {
    static final String FILE_NAME = "tail-checkpoints.json";
    private static final System.Logger LOG = System.getLogger(FileCheckpointStore.class.getName());

    private final Path file;

    public FileCheckpointStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<Checkpoints> load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(Checkpoints.fromJson(text));
        } catch (IllegalArgumentException e) {
            // Unreadable checkpoints: keep the file for a human, and resume as a restart that knows no file,
            // which re-reads the current files from 0 (may repeat lines, loses none).
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.ERROR, "tail checkpoint file " + file + " is unreadable (" + e.getMessage()
                    + "); moved to " + aside + ", re-reading followed files from their start");
            return Optional.of(Checkpoints.empty());
        }
    }

    @Override
    public void commit(Checkpoints checkpoints) throws IOException {
        AtomicFiles.write(file, checkpoints.toJson());
    }
}
