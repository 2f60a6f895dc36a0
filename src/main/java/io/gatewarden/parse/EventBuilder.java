package io.gatewarden.parse;

import io.gatewarden.secret.Redactor;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Mutable collector for one {@link GatewayEvent}; attributes with null or empty values are dropped. */
final class EventBuilder {
    /** "detail" is a short human text; long error previews are cut to this. */
    static final int DETAIL_MAX = 400;

    EventType type = EventType.GENERIC;
    Instant time;
    int level;
    String subsystem;
    String runId;
    String session;
    String agent;
    String provider;
    String model;
    String profile;
    String reason;
    int status;
    String detail;
    String trace;
    private Map<String, String> attrs;

    EventBuilder type(EventType t) {
        this.type = t;
        return this;
    }

    EventBuilder attr(String key, String value) {
        if (value != null && !value.isEmpty()) {
            if (attrs == null) attrs = new HashMap<>(8);
            attrs.put(key, value);
        }
        return this;
    }

    EventBuilder attr(String key, int value) {
        return value < 0 ? this : attr(key, Integer.toString(value));
    }

    /** Sets provider and model from "provider/model" (both only when not already known). */
    EventBuilder modelRef(String ref) {
        if (ref == null) return this;
        if (provider == null) provider = ModelRefs.provider(ref);
        if (model == null) model = ModelRefs.model(ref);
        return this;
    }

    /** Sets the session from an authoritative id or key (a structured event's sessionId), replacing any earlier guess. */
    EventBuilder session(String idOrKey) {
        if (idOrKey != null && !idOrKey.isEmpty()) {
            session = SessionKeys.session(idOrKey);
            if (agent == null) agent = SessionKeys.agent(idOrKey);
        }
        return this;
    }

    /** Sets session (and agent, when the key names one) from an OpenClaw session key, unless already known. */
    EventBuilder sessionKey(String key) {
        if (key == null) return this;
        if (session == null) session = SessionKeys.session(key);
        if (agent == null) agent = SessionKeys.agent(key);
        return this;
    }

    /** {@link #sessionKey}, keeping the full key as attr {@code sessionKey}: the collector names sessions by it. */
    EventBuilder sessionKeyKept(String key) {
        if (key != null && key.startsWith("agent:")) attr("sessionKey", key);
        return sessionKey(key);
    }

    GatewayEvent build(String raw) {
        Map<String, String> a = attrs == null ? Map.of() : Collections.unmodifiableMap(attrs);
        return new GatewayEvent(type, time, level, subsystem, runId, session, agent, provider, model, profile,
                reason, status, detail == null ? null : Texts.cap(Redactor.mask(detail), DETAIL_MAX), a, raw,
                // a line no rule reads needs no run: its trace id is not kept, unless it names its run (a run's start
                // line ties the run's later runless lines to it)
                type == EventType.GENERIC && runId == null ? null : trace);
    }
}
