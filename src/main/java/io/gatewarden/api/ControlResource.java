package io.gatewarden.api;

import io.gatewarden.daemon.DaemonLifecycle;
import io.gatewarden.daemon.DaemonSupervisor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.Set;

/**
 * The mutating half of the JSON API. Every call needs {@code Authorization: Bearer <token>} (see {@link ApiToken})
 * and is journalled; {@link Control} does both, {@link ApiOperations} does the work. Bodies are JSON objects with
 * snake_case fields; every body may also carry {@code reason} (why, for the journal) and {@code by} (who).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped // one Control: it holds the rate limit of journalled auth refusals
public class ControlResource {
    @Inject DaemonLifecycle lifecycle;
    @Inject HttpServerRequest http; // request-scoped proxy

    private volatile Control control;

    private Control control() {
        DaemonSupervisor s = lifecycle.supervisor().orElse(null);
        if (s == null) return null;
        Control c = control;
        if (c == null || c.supervisor() != s) {
            synchronized (this) {
                c = control;
                if (c == null || c.supervisor() != s) control = c = new Control(s, System::getenv, Clock.systemUTC());
            }
        }
        return c;
    }

    private Response run(String op, String auth, String body, Set<String> fields, Control.Operation operation) {
        Control c = control();
        if (c == null) {
            return respond(Reply.error(new ApiException(503, "unavailable", "the daemon is not running (disabled or failed to start)", null)));
        }
        return respond(c.mutate(op, new Control.Caller(remote(), auth), body, fields, operation));
    }

    private Control.Operation withSupervisor(java.util.function.Function<DaemonSupervisor, Control.Operation> f) {
        Control c = control();
        return c == null ? (d, b, a) -> { throw new ApiException(503, "unavailable", "the daemon is not running", null); } : f.apply(c.supervisor());
    }

    private String remote() {
        try {
            SocketAddress a = http == null ? null : http.remoteAddress();
            return a == null ? null : a.hostAddress();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Response respond(Reply r) {
        Response.ResponseBuilder b = Response.status(r.status()).entity(r.body()).type(MediaType.APPLICATION_JSON);
        r.headers().forEach(b::header);
        return b.build();
    }

    /** {@code {"profile": "anthropic:default", "model": "anthropic/claude-opus-4-5"}}: closed now. */
    @POST
    @Path("/breakers/reset")
    public Response resetBreaker(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("breaker_reset", auth, body, ApiOperations.BREAKER_RESET_FIELDS, ApiOperations::resetBreaker);
    }

    /** {@code {"profile", "model", "duration": "30m"}}: open now (duration default: the next open wait). */
    @POST
    @Path("/breakers/open")
    public Response openBreaker(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("breaker_open", auth, body, ApiOperations.BREAKER_OPEN_FIELDS, ApiOperations::openBreaker);
    }

    /** {@code {"model": "provider/model"}}: written as primary if needed; no automatic switch while pinned. */
    @POST
    @Path("/primary/pin")
    public Response pin(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("pin_primary", auth, body, ApiOperations.PIN_FIELDS, ApiOperations::pin);
    }

    @POST
    @Path("/primary/unpin")
    public Response unpin(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("unpin_primary", auth, body, ApiOperations.NO_FIELDS, ApiOperations::unpin);
    }

    /** {@code {"matchers": ["alertname=provider_rate_limited"], "duration": "2h", "comment": "..."}} → 201. */
    @POST
    @Path("/silences")
    public Response addSilence(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("silence_add", auth, body, ApiOperations.SILENCE_FIELDS, ApiOperations::addSilence);
    }

    @DELETE
    @Path("/silences/{id}")
    public Response expireSilence(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id, String body) {
        return run("silence_expire", auth, body, ApiOperations.NO_FIELDS, ApiOperations.expireSilence(id));
    }

    /** {@code {"enabled": true}}. */
    @POST
    @Path("/dry-run")
    public Response dryRun(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("dry_run", auth, body, ApiOperations.DRY_RUN_FIELDS, withSupervisor(ApiOperations::dryRun));
    }

    @POST
    @Path("/restart/budget/reset")
    public Response resetRestartBudget(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("restart_budget_reset", auth, body, ApiOperations.NO_FIELDS, ApiOperations::resetRestartBudget);
    }

    /** Re-reads the config file; an invalid one is refused (409, file:line: key: reason) and the running one stays. */
    @POST
    @Path("/reload")
    public Response reload(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        return run("reload", auth, body, ApiOperations.NO_FIELDS, withSupervisor(ApiOperations::reload));
    }
}
