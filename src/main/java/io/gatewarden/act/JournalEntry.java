package io.gatewarden.act;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.gateway.ConfigWriteLog;

import java.time.Instant;
import java.util.List;

/**
 * One line of the action journal: a decision taken or declined, a config write, a confirmation or a rollback.
 * Serialized as snake_case JSON; absent fields are left out.
 *
 * @param id       unique id of this line
 * @param actionId the action this line belongs to (a decision, its write and its confirmation share it)
 * @param decision taken | declined | result
 * @param outcome  what happened: written, dry_run, confirmed, rolled_back, refused, declined, unchanged, failed, ...
 * @param changes  every value changed (path, before, after); {@code path/before/after} repeat the first one
 * @param by       who asked, for operator actions (e.g. "alice via api (token fp:1a2b3c4d) from 127.0.0.1"); null for gatewarden's own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(String id, Instant time, String gateway, String action, String actionId, String decision,
                           String outcome, String reason, String incidentId, String file, String path,
                           JsonNode before, JsonNode after, List<ConfigWriteLog.Change> changes, Boolean dryRun,
                           String backup, String detail, Long latencyMs, String by) {

    public static Builder builder(String action, String decision, String outcome) {
        return new Builder(action, decision, outcome);
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    JournalEntry withIdAndTime(String newId, Instant newTime) {
        return new JournalEntry(id != null ? id : newId, time != null ? time : newTime, gateway, action, actionId,
                decision, outcome, reason, incidentId, file, path, before, after, changes, dryRun, backup, detail, latencyMs, by);
    }

    /** Builds entries without a twenty-argument constructor call at every site. */
    public static final class Builder {
        private final String action;
        private final String decision;
        private final String outcome;
        private Instant time;
        private String gateway, actionId, reason, incidentId, file, path, backup, detail, by;
        private JsonNode before, after;
        private List<ConfigWriteLog.Change> changes;
        private Boolean dryRun;
        private Long latencyMs;

        private Builder(String action, String decision, String outcome) {
            this.action = action;
            this.decision = decision;
            this.outcome = outcome;
        }

        public Builder time(Instant v) { time = v; return this; }
        public Builder gateway(String v) { gateway = v; return this; }
        public Builder actionId(String v) { actionId = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder incidentId(String v) { incidentId = v; return this; }
        public Builder file(String v) { file = v; return this; }
        public Builder backup(String v) { backup = v; return this; }
        public Builder detail(String v) { detail = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder latencyMs(Long v) { latencyMs = v; return this; }
        public Builder by(String v) { by = v; return this; }
        /** A state before/after that is not a config value (e.g. a session's token count). */
        public Builder before(JsonNode v) { before = v; return this; }
        public Builder after(JsonNode v) { after = v; return this; }

        public Builder change(String p, JsonNode b, JsonNode a) {
            return changes(List.of(new ConfigWriteLog.Change(p, b, a)));
        }

        public Builder changes(List<ConfigWriteLog.Change> v) {
            changes = v == null || v.isEmpty() ? null : List.copyOf(v);
            if (changes != null) {
                path = changes.get(0).path();
                before = changes.get(0).before();
                after = changes.get(0).after();
            }
            return this;
        }

        public JournalEntry build() {
            return new JournalEntry(null, time, gateway, action, actionId, decision, outcome, reason, incidentId, file,
                    path, before, after, changes, dryRun, backup, detail, latencyMs, by);
        }
    }
}
