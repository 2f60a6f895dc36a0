package io.gatewarden.run;

/**
 * One rung of one run: a provider/model the run tried, skipped or got its answer from. Updated as the run's lines
 * arrive (a rung first seen failing on an attempt line gets its reason and status from the decision line after it).
 */
public final class Rung {
    private final String provider;
    private final String model;
    RungOutcome outcome;
    String reason;
    int status;
    /** Requests the gateway sent this rung in this run (attempt lines), when the log shows them. */
    int requests;
    /** Same-model retries ("retry n/N", the highest n). */
    int retries;
    String profile;
    SkipKind skip;
    Cooldown cooldown;
    String error;

    Rung(String provider, String model) {
        this.provider = provider;
        this.model = model;
    }

    public String provider() { return provider; }
    public String model() { return model; }
    public String ref() { return provider + "/" + model; }
    public RungOutcome outcome() { return outcome; }
    public String reason() { return reason; }
    public int status() { return status; }
    public int requests() { return requests; }
    public int retries() { return retries; }
    public String profile() { return profile; }
    /** Why the rung was skipped; null unless {@link #outcome()} is SKIPPED. */
    public SkipKind skip() { return skip; }
    /** For a cooldown skip: the cooldown in force, as far as the log told it; else null. */
    public Cooldown cooldown() { return cooldown; }
    /** The provider's error text for a failed rung. */
    public String error() { return error; }

    /** "fakeoa/rl-429 failed (rate_limit 429, 3 retries)", "fakeoa/ok skipped (cooldown: profile sha256:… until …)". */
    public String describe() {
        StringBuilder sb = new StringBuilder(ref()).append(' ');
        if (outcome == null) return sb.append("pending").toString();
        sb.append(outcome.name().toLowerCase(java.util.Locale.ROOT));
        StringBuilder why = new StringBuilder();
        if (outcome == RungOutcome.SKIPPED && skip != null) {
            why.append(skip.label().replace('_', ' '));
            if (skip == SkipKind.COOLDOWN && cooldown != null) {
                if (cooldown.reason() != null) why.append(", ").append(cooldown.reason());
                if (cooldown.profile() != null) why.append(", profile ").append(cooldown.profile());
                if (cooldown.until() != null) why.append(" until ").append(cooldown.until());
                if (cooldown.blockedBy() != null && !cooldown.blockedBy().equals(ref())) {
                    why.append(", after ").append(cooldown.blockedBy()).append(" failed");
                }
            } else if (reason != null && skip == SkipKind.COOLDOWN) {
                why.append(", ").append(reason);
            }
        } else if (outcome == RungOutcome.FAILED) {
            if (reason != null) why.append(reason);
            if (status > 0) why.append(why.isEmpty() ? "" : " ").append(status);
            if (retries > 0) why.append(why.isEmpty() ? "" : ", ").append(retries).append(retries == 1 ? " retry" : " retries");
        }
        if (!why.isEmpty()) sb.append(" (").append(why).append(')');
        return sb.toString();
    }
}
