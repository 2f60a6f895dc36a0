package io.gatewarden.tail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the tailer's checkpoints live between runs. The tailer calls {@link #load()} once before its first read
 * and {@link #commit(Checkpoints)} only with offsets whose lines the sink has accepted.
 */
public interface CheckpointStore {

    /** The last committed checkpoints; empty when none was ever committed (a first start). */
    Optional<Checkpoints> load() throws IOException;

    /** Records checkpoints durably. */
    void commit(Checkpoints checkpoints) throws IOException;

    /** {@code <stateDir>/tail-checkpoints.json}, replaced atomically (at-least-once delivery). */
    static CheckpointStore inDirectory(Path stateDir) {
        return new FileCheckpointStore(stateDir.resolve(FileCheckpointStore.FILE_NAME));
    }

    /**
     * For a consumer that stores {@link TailBatch#checkpoints()} in the same atomic write as its own state
     * (exactly-once): the tailer starts from what the consumer saved ({@code null} on a first start) and its own
     * commits go nowhere.
     */
    static CheckpointStore consumerOwned(Checkpoints saved) {
        return new CheckpointStore() {
            @Override public Optional<Checkpoints> load() { return Optional.ofNullable(saved); }
            @Override public void commit(Checkpoints checkpoints) { /* the consumer commits with its batches */ }
        };
    }

    /** Kept in memory only (tests, one-off runs). */
    static CheckpointStore inMemory() {
        AtomicReference<Checkpoints> ref = new AtomicReference<>();
        return new CheckpointStore() {
            @Override public Optional<Checkpoints> load() { return Optional.ofNullable(ref.get()); }
            @Override public void commit(Checkpoints checkpoints) { ref.set(checkpoints); }
        };
    }
}
