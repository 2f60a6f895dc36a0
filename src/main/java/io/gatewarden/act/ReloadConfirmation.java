package io.gatewarden.act;

import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The write → confirm → roll back piece every config action shares (the primary switch, the spend guard): after a
 * {@link GatewayConfigWriter} write, the gateway must log {@code config hot reload applied (<paths>)} naming one of the
 * written paths; {@code config reload skipped (invalid config)} or silence until the deadline means the backup goes
 * back — only if the file still holds exactly our write, never over someone else's edit.
 */
final class ReloadConfirmation {
    /** Lines older than the write by more than this are not about it (the gateway's clock and ours differ a little). */
    private static final Duration EVENT_SKEW = Duration.ofSeconds(2);

    enum Verdict { NONE, APPLIED, SKIPPED }

    /** What a rollback did: {@code rolled_back} or {@code rollback_failed}, and the journal's reason. */
    record Rollback(String outcome, String detail) {
        boolean restored() {
            return "rolled_back".equals(outcome);
        }
    }

    private ReloadConfirmation() {}

    /** What {@code e} says about a write made at {@code writtenAt} to any of {@code paths}. */
    static Verdict judge(GatewayEvent e, Instant writtenAt, List<String> paths) {
        if (e == null) return Verdict.NONE;
        if (e.time() != null && writtenAt != null && e.time().isBefore(writtenAt.minus(EVENT_SKEW))) return Verdict.NONE;
        if (e.type() == EventType.CONFIG_RELOAD_APPLIED) {
            for (String p : paths) if (mentions(e, p)) return Verdict.APPLIED;
            return Verdict.NONE;
        }
        return e.type() == EventType.CONFIG_RELOAD_SKIPPED ? Verdict.SKIPPED : Verdict.NONE;
    }

    /** Puts the backup of {@code write} back (only over our own write) and says how that went. */
    static Rollback rollback(GatewayConfigWriter writer, GatewayConfigWriter.Result write, String action, String actionId,
                             String why, String incidentId) {
        try {
            writer.restore(write.backup(), write.afterSha256(), action, actionId, why, incidentId);
            return new Rollback("rolled_back", why);
        } catch (Json5EditException | IOException e) {
            return new Rollback("rollback_failed", why + "; the backup was NOT restored: " + e.getMessage());
        }
    }

    /** Whether a reload line names {@code path} (or a parent or child of it); a line naming nothing confirms any write. */
    static boolean mentions(GatewayEvent e, String path) {
        String paths = e.detail() != null ? e.detail() : e.raw();
        if (paths == null) return true; // nothing to check against: the reload itself is the confirmation
        int open = paths.indexOf('(');
        int close = paths.lastIndexOf(')');
        if (open >= 0 && close > open) paths = paths.substring(open + 1, close);
        for (String p : paths.split(",")) {
            String q = p.trim();
            if (q.equals(path) || path.startsWith(q + ".") || q.startsWith(path + ".")) return true;
        }
        return false;
    }

    /** The journal's "confirmed" entry for a write the gateway applied: one shape for every config action. */
    static JournalEntry confirmed(String action, String gateway, String actionId, String incidentId,
                                  GatewayConfigWriter.Result write, GatewayEvent e, Duration took) {
        return JournalEntry.builder(action, "result", "confirmed").gateway(gateway).actionId(actionId)
                .incidentId(incidentId).changes(write.changes()).file(write.file().toString())
                .reason("gateway logged: " + text(e)).latencyMs(took.toMillis()).build();
    }

    /** The line's text for a journal reason. */
    static String text(GatewayEvent e) {
        if (e.detail() != null && !e.detail().isBlank()) return e.detail();
        return e.raw() == null ? e.type().name() : e.raw();
    }
}
