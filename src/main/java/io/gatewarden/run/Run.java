package io.gatewarden.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run: one user request across all its retries and fallbacks, as the gateway's lines about it tell it. Learned
 * from whichever line carried a fact: the agent, the session, the lane, the model asked for, every rung, the outcome.
 */
public final class Run {
    private final String id;
    /** At most this many rungs are kept per run (a chain is a handful of models). */
    private final int maxRungs;
    String trace;
    String agent;
    String session;
    String sessionKey;
    String lane;
    /** What started the run ("heartbeat", …), when the gateway's "session turn created" line (DEBUG) named it. */
    String trigger;
    String requestedProvider;
    String requestedModel;
    String provider;
    String model;
    String nextProvider;
    String nextModel;
    ChainOutcome outcome;
    Instant firstSeen;
    Instant lastSeen;
    private final LinkedHashMap<String, Rung> rungs = new LinkedHashMap<>(4);

    // request bookkeeping (RunModel's ledger): which models this run sent requests to, left, and got an answer from
    final Set<String> attempted = new HashSet<>(4);
    final Set<String> left = new HashSet<>(4);
    String lastAttempt;
    boolean successCounted;

    Run(String id, int maxRungs) {
        this.id = id;
        this.maxRungs = maxRungs;
    }

    public String id() { return id; }
    public String agent() { return agent; }
    /** The session id (the short id the gateway's decision lines carry, e.g. "lab-s1"). */
    public String session() { return session; }
    /** The full session key ("agent:main:explicit:lab-s1"), when a line named it. */
    public String sessionKey() { return sessionKey; }
    public String lane() { return lane; }
    /** "heartbeat" for a heartbeat turn, else what the gateway named, or null (an INFO log never names it). */
    public String trigger() { return trigger; }
    /** The model the run asked for (the chain's first rung), "provider/model", when a decision line named it. */
    public String requestedModel() {
        return requestedProvider == null || requestedModel == null ? null : requestedProvider + "/" + requestedModel;
    }
    /** The provider/model of the run's latest line that named one (its current rung). */
    public String provider() { return provider; }
    public String model() { return model; }
    public String nextProvider() { return nextProvider; }
    public String nextModel() { return nextModel; }
    /** Null while the run has not ended (or its end was not logged). */
    public ChainOutcome outcome() { return outcome; }

    /** The rungs in the order the run reached them. */
    public List<Rung> rungs() {
        return new ArrayList<>(rungs.values());
    }

    public Rung rung(String ref) {
        return rungs.get(ref);
    }

    /** "fakeoa/a failed (rate_limit 429) → fakeoa/b skipped (cooldown, …)", or null without rungs. */
    public String describeRungs() {
        if (rungs.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (Rung r : rungs.values()) {
            if (!sb.isEmpty()) sb.append(" → ");
            sb.append(r.describe());
        }
        return sb.toString();
    }

    Rung rungFor(String provider, String model) {
        String ref = provider + "/" + model;
        Rung r = rungs.get(ref);
        if (r == null) {
            if (rungs.size() >= maxRungs) {
                Map.Entry<String, Rung> first = rungs.entrySet().iterator().next();
                rungs.remove(first.getKey());
            }
            r = new Rung(provider, model);
            rungs.put(ref, r);
        }
        return r;
    }
}
