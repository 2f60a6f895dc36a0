package io.gatewarden.tail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatewarden.state.StateJson;

import java.util.List;
import java.util.Optional;

/**
 * The checkpoints of all followed files, as one immutable value that can be stored as JSON.
 *
 * @param departed files that stopped holding what we read of them (truncated, removed, or found rewritten) and whose
 *                 copy has not been matched yet: kept with the checkpoint so that a copy found only after a restart
 *                 still continues where we were instead of being read again from 0 (copytruncate + kill -9)
 */
public record Checkpoints(int version, List<Checkpoint> files,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Checkpoint> departed) {
    public static final int VERSION = 1;

    public Checkpoints {
        files = files == null ? List.of() : List.copyOf(files);
        departed = departed == null ? List.of() : List.copyOf(departed);
    }

    public Checkpoints(int version, List<Checkpoint> files) {
        this(version, files, List.of());
    }

    public Checkpoints(List<Checkpoint> files) {
        this(VERSION, files, List.of());
    }

    public Checkpoints(List<Checkpoint> files, List<Checkpoint> departed) {
        this(VERSION, files, departed);
    }

    public static Checkpoints empty() {
        return new Checkpoints(List.of());
    }

    public Optional<Checkpoint> find(String fileKey) {
        return files.stream().filter(c -> c.fileKey().equals(fileKey)).findFirst();
    }

    public String toJson() {
        try {
            return StateJson.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a checkpoint document */
    public static Checkpoints fromJson(String json) {
        try {
            Checkpoints c = StateJson.mapper().readValue(json, Checkpoints.class);
            if (c.version() != VERSION) throw new IllegalArgumentException("unknown checkpoint version " + c.version());
            return c;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a tail checkpoint document: " + e.getOriginalMessage(), e);
        }
    }
}
