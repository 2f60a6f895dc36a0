package io.gatewarden.act;

import io.gatewarden.state.StateFile;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Where the switcher's {@link SwitcherState} survives a restart ({@code <state dir>/switcher.json}), or nowhere (memory
 * only). The JSON is the record's fields in the state dialect; a field of a newer version is ignored, so an older
 * gatewarden keeps the episode.
 */
final class SwitcherStore {
    private final StateFile<SwitcherState> file;

    /** @param file null: memory only */
    SwitcherStore(Path file, Clock clock) {
        this.file = file == null ? null : new StateFile<>(file, SwitcherState.class, "switcher state", clock);
    }

    /** The saved state; empty when there is none (no file, or an unreadable one, set aside). */
    SwitcherState load() {
        return file == null ? SwitcherState.empty() : file.read().orElseGet(SwitcherState::empty);
    }

    void save(SwitcherState state) {
        if (file != null) file.writeOrWarn(state);
    }
}
