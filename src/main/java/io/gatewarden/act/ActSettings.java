package io.gatewarden.act;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the action stage (YAML, snake_case, every key optional). See {@code docs/act.md}.
 *
 * @param dryRun        decide and journal every action, change nothing (default true: a daemon started on the
 *                      embedded defaults or the shipped config/gatewarden.yaml neither edits openclaw.json nor restarts
 *                      the gateway until an operator sets {@code act.dry_run: false})
 * @param gateway       name of the watched gateway in the journal and the one-in-flight guard (default "default"; the
 *                      root config replaces an unset one with {@code gateway.name}, the name the restarter uses)
 * @param switchPrimary the primary switch / fail-back action
 * @param cooldowns     per-action minimum time between two starts of the same action, e.g. {@code restart: 5m};
 *                      the primary switch uses {@code switch_primary.min_time_between_switches} instead
 * @param maxInFlight   an action holding the one-in-flight slot longer than this is considered lost and released (default 5m)
 * @param backups       backups of openclaw.json taken before each write
 * @param journal       the action journal
 * @param spendGuard    the spend guard: paid rungs behind local/free ones during loops and when a daily budget is spent
 * @param sessions      session actions: compact a session under context pressure, quarantine one in a transcript error loop
 */
public record ActSettings(Boolean dryRun, String gateway, SwitchSettings switchPrimary, Map<String, Duration> cooldowns,
                          Duration maxInFlight, BackupSettings backups, JournalSettings journal, SpendSettings spendGuard,
                          SessionActionSettings sessions) {

    public ActSettings(Boolean dryRun, String gateway, SwitchSettings switchPrimary, Map<String, Duration> cooldowns,
                       Duration maxInFlight, BackupSettings backups, JournalSettings journal) {
        this(dryRun, gateway, switchPrimary, cooldowns, maxInFlight, backups, journal, null, null);
    }

    public ActSettings(Boolean dryRun, String gateway, SwitchSettings switchPrimary, Map<String, Duration> cooldowns,
                       Duration maxInFlight, BackupSettings backups, JournalSettings journal, SpendSettings spendGuard) {
        this(dryRun, gateway, switchPrimary, cooldowns, maxInFlight, backups, journal, spendGuard, null);
    }

    /** The gateway name when none is set. */
    public static final String DEFAULT_GATEWAY = "default";

    public ActSettings {
        dryRun = dryRun == null || dryRun;
        gateway = gateway == null || gateway.isBlank() ? DEFAULT_GATEWAY : gateway;
        switchPrimary = switchPrimary == null ? SwitchSettings.defaults() : switchPrimary;
        cooldowns = cooldowns == null ? Map.of() : Map.copyOf(cooldowns);
        maxInFlight = maxInFlight == null ? Duration.ofMinutes(5) : maxInFlight;
        backups = backups == null ? BackupSettings.defaults() : backups;
        journal = journal == null ? JournalSettings.defaults() : journal;
        spendGuard = spendGuard == null ? SpendSettings.defaults() : spendGuard;
        sessions = sessions == null ? SessionActionSettings.defaults() : sessions;
    }

    public static ActSettings defaults() {
        return new ActSettings(null, null, null, null, null, null, null);
    }

    /** These settings with the dry-run switch set: {@code false} lets actions change the gateway. */
    public ActSettings withDryRun(boolean on) {
        return new ActSettings(on, gateway, switchPrimary, cooldowns, maxInFlight, backups, journal, spendGuard, sessions);
    }

    /** These settings naming another gateway. */
    public ActSettings withGateway(String name) {
        return new ActSettings(dryRun, name, switchPrimary, cooldowns, maxInFlight, backups, journal, spendGuard, sessions);
    }

    /**
     * @param enabled                    switch the primary at all (default true)
     * @param confirmTimeout             how long to wait for the gateway's {@code config hot reload applied} before
     *                                   restoring the backup (default 10s)
     * @param minTimeBetweenSwitches     no two primary changes (switch, fail-back, pin) closer than this (default 2m)
     * @param failBack                   return to the original primary once it is healthy again (default true)
     * @param failBackDwell              the original primary's breakers must have been closed this long (default 5m)
     * @param reorderFallbacks           also move rungs whose breaker is open to the end of {@code fallbacks} (default false)
     * @param preferOtherRateLimitDomain prefer a rung that does not share the failing rate-limit domain (default true)
     * @param credentialWideDomain       treat every provider as {@code per_key} (any rung on the same profile shares the
     *                                   domain), whatever {@code gateway.rate_limit_domains} says (default false; kept
     *                                   for old configs: prefer {@code gateway.rate_limit_domains.default: per_key})
     * @param quarantineAfterRollback    a target the gateway refused is not chosen again for this long (default 30m)
     * @param failBackDwellMax           cap of the doubled dwell: a fail-back followed by a new failure of that
     *                                   primary within the dwell doubles the next dwell, up to this (default 1h)
     */
    public record SwitchSettings(Boolean enabled, Duration confirmTimeout, Duration minTimeBetweenSwitches, Boolean failBack,
                                 Duration failBackDwell, Boolean reorderFallbacks, Boolean preferOtherRateLimitDomain,
                                 Boolean credentialWideDomain, Duration quarantineAfterRollback, Duration failBackDwellMax) {

        public SwitchSettings(Boolean enabled, Duration confirmTimeout, Duration minTimeBetweenSwitches, Boolean failBack,
                              Duration failBackDwell, Boolean reorderFallbacks, Boolean preferOtherRateLimitDomain,
                              Boolean credentialWideDomain, Duration quarantineAfterRollback) {
            this(enabled, confirmTimeout, minTimeBetweenSwitches, failBack, failBackDwell, reorderFallbacks,
                    preferOtherRateLimitDomain, credentialWideDomain, quarantineAfterRollback, null);
        }

        public SwitchSettings {
            enabled = enabled == null || enabled;
            confirmTimeout = confirmTimeout == null ? Duration.ofSeconds(10) : confirmTimeout;
            minTimeBetweenSwitches = minTimeBetweenSwitches == null ? Duration.ofMinutes(2) : minTimeBetweenSwitches;
            failBack = failBack == null || failBack;
            failBackDwell = failBackDwell == null ? Duration.ofMinutes(5) : failBackDwell;
            reorderFallbacks = reorderFallbacks != null && reorderFallbacks;
            preferOtherRateLimitDomain = preferOtherRateLimitDomain == null || preferOtherRateLimitDomain;
            credentialWideDomain = credentialWideDomain != null && credentialWideDomain;
            quarantineAfterRollback = quarantineAfterRollback == null ? Duration.ofMinutes(30) : quarantineAfterRollback;
            failBackDwellMax = failBackDwellMax == null ? Duration.ofHours(1) : failBackDwellMax;
            positive("switch_primary.confirm_timeout", confirmTimeout);
            if (minTimeBetweenSwitches.isNegative()) throw new IllegalArgumentException("switch_primary.min_time_between_switches must not be negative");
            if (failBackDwell.isNegative()) throw new IllegalArgumentException("switch_primary.fail_back_dwell must not be negative");
        }

        public static SwitchSettings defaults() {
            return new SwitchSettings(null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * @param keep newest backups kept (default 10)
     * @param dir  where backups go (default: next to openclaw.json, as {@code openclaw.json.gatewarden-bak.<UTC time>})
     */
    public record BackupSettings(Integer keep, Path dir) {
        public BackupSettings {
            keep = keep == null ? 10 : keep;
            if (keep < 1) throw new IllegalArgumentException("backups.keep must be >= 1");
        }

        public static BackupSettings defaults() {
            return new BackupSettings(null, null);
        }
    }

    /**
     * @param file  journal file name, relative to the state dir (default actions.jsonl)
     * @param maxMb size at which the journal rotates to {@code <file>.1} (default 10)
     */
    public record JournalSettings(String file, Integer maxMb) {
        public JournalSettings {
            file = file == null || file.isBlank() ? "actions.jsonl" : file;
            maxMb = maxMb == null ? 10 : maxMb;
            if (maxMb < 1) throw new IllegalArgumentException("journal.max_mb must be >= 1");
        }

        public static JournalSettings defaults() {
            return new JournalSettings(null, null);
        }
    }
}
