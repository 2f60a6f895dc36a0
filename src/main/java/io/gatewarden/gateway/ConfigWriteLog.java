package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where {@link GatewayConfigWriter} records every write it made, refused or only simulated (the action journal
 * implements it). Kept as an interface here so the config editor does not depend on the action stage.
 */
public interface ConfigWriteLog {
    /** One changed value: what was there and what we put there. */
    record Change(String path, JsonNode before, JsonNode after) {}

    /**
     * @param outcome  written | dry_run | unchanged | refused | restored | restore_refused
     * @param actionId correlates this record with the decision that caused it (may be null)
     * @param backup   the backup of the previous content, when one was written
     */
    record Record(Instant time, String action, String actionId, String reason, String incidentId, Path file,
                  List<Change> changes, boolean dryRun, String outcome, Path backup, String detail) {}

    void record(Record record);

    ConfigWriteLog NONE = r -> {};
}
