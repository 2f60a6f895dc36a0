package io.gatewarden.act;

import io.gatewarden.incident.IncidentType;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the spend guard ({@code act.spend_guard}, snake_case, every key optional). See {@code docs/act.md}.
 *
 * @param enabled            act at all (default true; {@code act.dry_run} still decides whether anything is written)
 * @param mode               {@code behind}: move paid rungs behind local and free ones in {@code fallbacks} (default);
 *                           {@code remove}: take them out of {@code fallbacks}
 * @param triggers           incident types whose open episodes, with runs falling through to paid rungs, make the
 *                           guard act (default {@code [error_loop, chain_exhausted]}, per session or global)
 * @param fallthroughWindow  a paid fall-through counts for an episode when it is at most this older than the
 *                           episode's start and at most this old now (default 10m)
 * @param confirmTimeout     wait this long for the gateway's {@code config hot reload applied} before restoring the
 *                           backup (default 10s)
 * @param cooldown           no two spend-guard writes (guard or restore) closer than this (default 1m)
 * @param budget             the daily paid-call budget per credential
 * @param restoreAfter       the original chain comes back once every trigger episode has been resolved this long
 *                           (default 1m): a loop whose runs come slower than the incident quiet period resolves and
 *                           re-opens its episode, and must not bring the paid rungs back in between
 */
public record SpendSettings(Boolean enabled, Mode mode, List<String> triggers, Duration fallthroughWindow,
                            Duration confirmTimeout, Duration cooldown, Budget budget, Duration restoreAfter) {

    public SpendSettings(Boolean enabled, Mode mode, List<String> triggers, Duration fallthroughWindow,
                         Duration confirmTimeout, Duration cooldown, Budget budget) {
        this(enabled, mode, triggers, fallthroughWindow, confirmTimeout, cooldown, budget, null);
    }

    public enum Mode {
        BEHIND, REMOVE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Mode fromWireName(String s) {
            for (Mode m : values()) if (m.wireName().equalsIgnoreCase(s.trim())) return m;
            throw new IllegalArgumentException("spend_guard.mode '" + s + "' is not one of: behind, remove");
        }
    }

    public SpendSettings {
        enabled = enabled == null || enabled;
        mode = mode == null ? Mode.BEHIND : mode;
        triggers = triggers == null ? List.of(IncidentType.ERROR_LOOP.wireName(), IncidentType.CHAIN_EXHAUSTED.wireName())
                : triggers.stream().map(SpendSettings::incidentType).map(IncidentType::wireName).toList();
        fallthroughWindow = fallthroughWindow == null ? Duration.ofMinutes(10) : fallthroughWindow;
        confirmTimeout = confirmTimeout == null ? Duration.ofSeconds(10) : confirmTimeout;
        cooldown = cooldown == null ? Duration.ofMinutes(1) : cooldown;
        budget = budget == null ? Budget.defaults() : budget;
        restoreAfter = restoreAfter == null ? Duration.ofMinutes(1) : restoreAfter;
        if (restoreAfter.isNegative()) throw new IllegalArgumentException("spend_guard.restore_after must not be negative");
        positive("spend_guard.confirm_timeout", confirmTimeout);
        if (cooldown.isNegative()) throw new IllegalArgumentException("spend_guard.cooldown must not be negative");
        if (fallthroughWindow.isNegative()) throw new IllegalArgumentException("spend_guard.fallthrough_window must not be negative");
    }

    /** The trigger types as incident types. */
    public List<IncidentType> triggerTypes() {
        return triggers.stream().map(IncidentType::fromWireName).toList();
    }

    private static IncidentType incidentType(String s) {
        try {
            return IncidentType.fromWireName(s);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("spend_guard.triggers: '" + s + "' is not an incident type (e.g. error_loop, chain_exhausted)");
        }
    }

    public static SpendSettings defaults() {
        return new SpendSettings(null, null, null, null, null, null, null, null);
    }

    /**
     * @param dailyPaidCalls paid requests a credential may make per day (default 0: no budget, calls are still counted)
     * @param perCredential  a budget per credential (the auth profile as the gateway logs it, e.g. {@code sha256:31bf…},
     *                       or {@code <provider>:default} when the log names none), overriding {@code daily_paid_calls}
     * @param warnAt         share of the budget at which to warn (default 0.8)
     * @param actWhenSpent   when a budget is spent, put paid rungs behind too, until the next day (default false)
     * @param zone           where a day starts and ends (default UTC)
     */
    public record Budget(Long dailyPaidCalls, Map<String, Long> perCredential, Double warnAt, Boolean actWhenSpent, ZoneId zone) {
        public Budget {
            dailyPaidCalls = dailyPaidCalls == null ? 0L : dailyPaidCalls;
            perCredential = perCredential == null ? Map.of() : Map.copyOf(perCredential);
            warnAt = warnAt == null ? 0.8 : warnAt;
            actWhenSpent = actWhenSpent != null && actWhenSpent;
            zone = zone == null ? ZoneId.of("UTC") : zone;
            if (dailyPaidCalls < 0) throw new IllegalArgumentException("spend_guard.budget.daily_paid_calls must not be negative");
            if (warnAt <= 0 || warnAt > 1) throw new IllegalArgumentException("spend_guard.budget.warn_at must be in (0, 1]");
        }

        public static Budget defaults() {
            return new Budget(null, null, null, null, null);
        }

        /** The day's budget of one credential; 0 means none. */
        public long limitFor(String credential) {
            Long own = perCredential.get(credential);
            return own != null ? own : dailyPaidCalls;
        }
    }
}
