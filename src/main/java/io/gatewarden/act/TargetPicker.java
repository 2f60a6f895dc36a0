package io.gatewarden.act;

import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.util.BoundedLru;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which rung of the fallback chain the primary switches to, and what the breakers say about a model (for the
 * journal): a rung with no open breaker, not refused by the gateway recently (quarantine), with credentials;
 * preferring one outside the failing rate-limit domain, then closed over half-open breakers, then chain order.
 * Not thread-safe: used under the switcher's lock.
 */
final class TargetPicker {
    private static final Set<String> CREDENTIAL_WIDE_REASONS = Set.of("billing", "auth");

    /** The chosen rung (null: none healthy), why, and the rungs passed over. */
    record Pick(String model, String note, String skipped) {}

    private final BreakerRegistry breakers;
    private final ActSettings.SwitchSettings settings;
    private final CredentialCheck credentials;
    private final Clock clock;
    private final BoundedLru<String, Instant> quarantine = new BoundedLru<>(64);
    private volatile RateLimitDomains domains = RateLimitDomains.defaults();

    TargetPicker(BreakerRegistry breakers, ActSettings.SwitchSettings settings, CredentialCheck credentials, Clock clock) {
        this.breakers = breakers;
        this.settings = settings;
        this.credentials = credentials;
        this.clock = clock;
    }

    void setRateLimitDomains(RateLimitDomains d) {
        this.domains = d == null ? RateLimitDomains.defaults() : d;
    }

    /** The gateway refused a write of {@code model} at {@code at}: not chosen again for quarantine_after_rollback. */
    void quarantine(String model, Instant at) {
        quarantine.put(model, at);
    }

    boolean quarantined(String model, Instant now) {
        Instant at = quarantine.get(model);
        return at != null && now.isBefore(at.plus(settings.quarantineAfterRollback()));
    }

    /** When the gateway last refused {@code model} (null: never, or forgotten). */
    Instant quarantinedAt(String model) {
        return quarantine.get(model);
    }

    /** The first healthy rung: not open, with credentials; ranked by domain, then closed before half-open, then order. */
    Pick pick(ChainSnapshot chain, String failing) {
        record Rung(String model, int pos, int tier, String why) {}
        List<Rung> rungs = new ArrayList<>();
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        int pos = 0;
        for (String rung : chain.fallbacks()) {
            pos++;
            if (rung.equals(failing) || !seen.add(rung)) continue;
            if (breakers.isModelOpen(rung)) { rungs.add(new Rung(rung, pos, -1, "breaker open")); continue; }
            if (quarantined(rung, now)) { rungs.add(new Rung(rung, pos, -1, "refused by the gateway recently")); continue; }
            if (!credentials.hasCredentials(rung, chain)) { rungs.add(new Rung(rung, pos, -1, "no credentials")); continue; }
            boolean halfOpen = breakers.forModel(rung).stream().anyMatch(b -> b.status() == BreakerStatus.HALF_OPEN);
            int domainTier = settings.preferOtherRateLimitDomain() ? domainTier(chain, rung, failing) : 0;
            String what = switch (domainTier) {
                case 2 -> "in the failing rate-limit domain (" + domainNote(chain, rung) + ")";
                case 1 -> "same credential, another rate-limit domain (" + domainNote(chain, rung) + ")";
                default -> "another credential";
            };
            rungs.add(new Rung(rung, pos, (halfOpen ? 10 : 0) + domainTier, what + (halfOpen ? ", breaker half-open" : ", breaker closed")));
        }
        Rung best = null;
        for (Rung r : rungs) if (r.tier() >= 0 && (best == null || r.tier() < best.tier())) best = r;
        List<String> skipped = new ArrayList<>();
        for (Rung r : rungs) {
            if (best == null || (r.pos() < best.pos())) skipped.add(r.model() + ": " + r.why());
        }
        String skippedText = skipped.isEmpty() ? "none skipped" : String.join("; ", skipped);
        if (best == null) return new Pick(null, null, skippedText);
        String note = "rung " + best.pos() + " of the chain, " + best.why() + (skipped.isEmpty() ? "" : "; passed over: " + skippedText);
        return new Pick(best.model(), note, skippedText);
    }

    /**
     * Where {@code rung} stands to the failing primary, by the one rate-limit-domain definition
     * ({@link RateLimitDomains}, {@code gateway.rate_limit_domains}): 0 another credential (best), 1 the same
     * credential but another domain (a per_model provider's sibling model), 2 the failing domain itself (the same
     * credential of a per_key provider, or any failure of the whole credential: billing, auth).
     */
    private int domainTier(ChainSnapshot chain, String rung, String failing) {
        List<String> rungProfiles = chain.profilesFor(ChainSnapshot.providerOf(rung));
        int tier = 0;
        for (BreakerSnapshot b : breakers.forModel(failing)) {
            if (b.status() != BreakerStatus.OPEN || !rungProfiles.contains(b.profile())) continue;
            boolean credentialWide = settings.credentialWideDomain() || (b.lastReason() != null && CREDENTIAL_WIDE_REASONS.contains(b.lastReason()));
            boolean same = domains.sameDomain(failing, rung, credentialWide, chain.isLocal(ChainSnapshot.providerOf(rung)));
            tier = Math.max(tier, same ? 2 : 1);
        }
        return tier;
    }

    private String domainNote(ChainSnapshot chain, String rung) {
        String provider = ChainSnapshot.providerOf(rung);
        boolean local = chain.isLocal(provider);
        return provider + " is " + domains.scopeOf(provider, local).wireName() + ": " + domains.sourceOf(provider, local);
    }

    /** The fallbacks with every rung whose breaker is open moved to the end (order otherwise kept). */
    List<String> reorder(List<String> fallbacks) {
        List<String> healthy = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (String f : fallbacks) (breakers.isModelOpen(f) ? open : healthy).add(f);
        healthy.addAll(open);
        return healthy;
    }

    /** The open breakers of {@code model} and why they opened, for the journal. */
    String describeOpen(String model) {
        List<String> parts = new ArrayList<>();
        for (BreakerSnapshot b : breakers.forModel(model)) {
            if (b.status() == BreakerStatus.OPEN) parts.add(b.profile() + ": " + b.why());
        }
        return parts.isEmpty() ? "no open breaker" : String.join("; ", parts);
    }

    /** The breakers of {@code model} that are not closed, with their status. */
    String describeNotClosed(String model) {
        List<String> parts = new ArrayList<>();
        for (BreakerSnapshot b : breakers.forModel(model)) {
            if (b.status() != BreakerStatus.CLOSED) parts.add(b.profile() + " " + b.status().wireName());
        }
        return String.join(", ", parts);
    }

    /** What closed the original primary's breakers (its recovery evidence), for the journal. */
    String recoveryEvidence(String model) {
        List<String> whys = new ArrayList<>();
        for (BreakerSnapshot b : breakers.forModel(model)) if (b.why() != null) whys.add(b.profile() + ": " + b.why());
        return whys.isEmpty() ? "no breaker" : "recovery evidence: " + String.join("; ", whys);
    }
}
