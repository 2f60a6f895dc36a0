package io.gatewarden.detect;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds GatewayEvents for tests: {@code Ev.of(SAME_MODEL_RETRY).at(t).ref("fakeoa/rl-429").reason("rate_limit").build()}. */
final class Ev {
    private final EventType type;
    private Instant time;
    private int level = 4;
    private String subsystem;
    private String runId;
    private String session;
    private String agent;
    private String provider;
    private String model;
    private String profile;
    private String reason;
    private int status;
    private String detail;
    private final Map<String, String> attrs = new LinkedHashMap<>();
    private String raw;

    private Ev(EventType type) {
        this.type = type;
    }

    static Ev of(EventType type) {
        return new Ev(type);
    }

    Ev at(Instant t) { this.time = t; return this; }
    Ev at(String iso) { this.time = Instant.parse(iso); return this; }
    Ev level(int l) { this.level = l; return this; }
    Ev subsystem(String s) { this.subsystem = s; return this; }
    Ev run(String r) { this.runId = r; return this; }
    Ev session(String s) { this.session = s; return this; }
    Ev agent(String a) { this.agent = a; return this; }
    Ev ref(String providerSlashModel) {
        int i = providerSlashModel.indexOf('/');
        this.provider = providerSlashModel.substring(0, i);
        this.model = providerSlashModel.substring(i + 1);
        return this;
    }
    Ev provider(String p) { this.provider = p; return this; }
    Ev profile(String p) { this.profile = p; return this; }
    Ev reason(String r) { this.reason = r; return this; }
    Ev status(int s) { this.status = s; return this; }
    Ev detail(String d) { this.detail = d; return this; }
    Ev attr(String k, Object v) { this.attrs.put(k, String.valueOf(v)); return this; }
    Ev raw(String r) { this.raw = r; return this; }

    GatewayEvent build() {
        String r = raw != null ? raw : type + " " + (provider == null ? "" : provider + "/" + model + " ")
                + (reason == null ? "" : "reason=" + reason + " ") + (detail == null ? "" : detail);
        return new GatewayEvent(type, time, level, subsystem, runId, session, agent, provider, model, profile, reason,
                status, detail, Map.copyOf(attrs), r.trim());
    }
}
