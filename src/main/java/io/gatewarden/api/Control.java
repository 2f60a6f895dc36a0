package io.gatewarden.api;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonControls;
import io.gatewarden.daemon.DaemonSupervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The gate every mutating API call goes through, framework-free so it is tested without HTTP:
 * <ol>
 *   <li>a daemon must run (503 otherwise);</li>
 *   <li>a token must be configured (403 otherwise: mutations are off) and presented as {@code Authorization: Bearer}
 *       (401 otherwise); nothing is read from the body before that;</li>
 *   <li>the body is parsed strictly (400 naming the field);</li>
 *   <li>the operation runs serialized with reloads ({@link DaemonSupervisor#change}) and may refuse with 404/409;</li>
 *   <li>the request is journalled, accepted or refused: action {@code api_<op>}, decision taken | declined, outcome,
 *       reason (the operator's "why", or the refusal), {@code by} (who: the operator's name if given, the token's
 *       fingerprint, the client address). Refusals for a missing or wrong token are journalled at most once per
 *       10 s, with a count of those left out, so a scanner cannot flood the journal.</li>
 * </ol>
 */
public final class Control {
    private static final System.Logger LOG = System.getLogger(Control.class.getName());
    static final Duration AUTH_REFUSAL_EVERY = Duration.ofSeconds(10);

    /** Who is calling, as the HTTP layer saw it. */
    public record Caller(String remote, String authorization) {}

    /** Who asked and why, for the operation and the journal. */
    public record Actor(String who, String why) {}

    /**
     * What an accepted operation did.
     *
     * @param outcome a word for the journal and the metric (reset, unchanged, opened, pinned, ...)
     * @param summary what changed, for the journal
     */
    public record Done(int status, String outcome, String summary, Map<String, Object> body) {
        public static Done ok(String outcome, String summary, Map<String, Object> body) {
            return new Done(200, outcome, summary, body);
        }
    }

    @FunctionalInterface
    public interface Operation {
        Done apply(DaemonControls daemon, Body body, Actor actor);
    }

    private final DaemonSupervisor supervisor;
    private final Function<String, String> env;
    private final Clock clock;
    private Instant lastAuthRefusal = Instant.MIN;
    private long authRefusalsLeftOut;

    public Control(DaemonSupervisor supervisor, Function<String, String> env, Clock clock) {
        this.supervisor = supervisor;
        this.env = env;
        this.clock = clock;
    }

    public DaemonSupervisor supervisor() {
        return supervisor;
    }

    /**
     * @param op     the operation's name (journal action {@code api_<op>})
     * @param fields the body fields the operation reads; {@code reason} and {@code by} are always allowed
     */
    public Reply mutate(String op, Caller caller, String rawBody, Set<String> fields, Operation operation) {
        DaemonControls d = supervisor.current().map(Daemon::controls).orElse(null);
        if (d == null) return Reply.error(unavailable());
        String from = caller.remote() == null || caller.remote().isBlank() ? "an unknown address" : caller.remote();
        ApiToken token = ApiToken.resolve(d.http(), env);
        if (!token.configured()) {
            ApiException e = new ApiException(403, "forbidden", "mutating API calls are disabled: " + token.problem(), null);
            journalAuthRefusal(d, op, "forbidden", e.getMessage(), "client at " + from);
            return Reply.error(e);
        }
        if (!token.acceptsHeader(caller.authorization())) {
            String why = caller.authorization() == null || caller.authorization().isBlank()
                    ? "no Authorization header: send 'Authorization: Bearer <token>'"
                    : "the Authorization header does not carry the configured bearer token";
            journalAuthRefusal(d, op, "unauthorized", why, "unauthenticated client at " + from);
            return Reply.error(new ApiException(401, "unauthorized", why, null));
        }
        String via = "via api (token " + token.fingerprint() + ") from " + from;
        Body body;
        Actor actor;
        try {
            Set<String> allowed = new HashSet<>(fields);
            allowed.add("reason");
            allowed.add("by");
            body = Body.parse(rawBody).allowOnly(allowed);
            String by = body.text("by");
            actor = new Actor(by == null ? via : by + " " + via, body.text("reason"));
        } catch (ApiException e) {
            journal(d, op, "declined", e.error(), e.getMessage(), via, null);
            return Reply.error(e);
        }
        try {
            Done done = supervisor.change(daemon -> operation.apply(daemon.controls(), body, actor));
            journal(current(d), op, "taken", done.outcome(), actor.why(), actor.who(), done.summary());
            return new Reply(done.status(), done.body(), Map.of());
        } catch (ApiException e) {
            journal(current(d), op, "declined", e.error(),
                    e.getMessage() + (actor.why() == null ? "" : " (operator's reason: " + actor.why() + ")"), actor.who(), null);
            return Reply.error(e);
        } catch (RuntimeException e) {
            if (supervisor.current().isEmpty()) return Reply.error(unavailable()); // closed meanwhile
            LOG.log(System.Logger.Level.WARNING, "api " + op + " failed", e);
            journal(current(d), op, "declined", "failed", e.toString(), actor.who(), null);
            return Reply.error(new ApiException(500, "internal", op + " failed: " + e.getMessage(), null));
        }
    }

    /** The daemon running now (a reload may have replaced the one the call started with). */
    private DaemonControls current(DaemonControls started) {
        return supervisor.current().map(Daemon::controls).orElse(started);
    }

    private static ApiException unavailable() {
        return new ApiException(503, "unavailable", "the daemon is not running (starting, reloading or stopped); retry shortly", null);
    }

    private void journalAuthRefusal(DaemonControls d, String op, String outcome, String why, String who) {
        long leftOut;
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(lastAuthRefusal.plus(AUTH_REFUSAL_EVERY))) {
                authRefusalsLeftOut++;
                return;
            }
            lastAuthRefusal = now;
            leftOut = authRefusalsLeftOut;
            authRefusalsLeftOut = 0;
        }
        String detail = leftOut == 0 ? null : leftOut + " more refusal(s) for a missing or wrong token were not journalled";
        journal(d, op, "declined", outcome, why, who, detail);
    }

    private static void journal(DaemonControls d, String op, String decision, String outcome, String reason, String by, String detail) {
        try {
            d.journal(JournalEntry.builder("api_" + op, decision, outcome)
                    .gateway(d.gatewayName()).reason(reason).by(by).detail(detail).build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot journal api " + op + " (" + decision + " " + outcome + "): " + e.getMessage());
        }
    }
}
