package io.gatewarden.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.gatewarden.secret.Secret;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.gatewarden.util.SettingChecks.nonNegative;
import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the alert stage, bound from YAML with snake_case keys (see docs/alert.md). Every missing key takes
 * its default; a child route inherits what it does not set from its parent.
 *
 * @param receivers      where notifications go; default: one console receiver named {@code console}
 * @param route          the routing tree; default: everything to the first receiver
 * @param silences       silences set in config (the API adds more at run time)
 * @param inhibitRules   muting rules; default: gateway-level outages mute provider incidents of the same gateway
 * @param outboxDir      durable outbox; relative paths resolve against the state dir
 * @param retry          redelivery policy of the outbox
 * @param heartbeat      dead-man's switch ping
 * @param runbookBaseUrl a runbook link is this + the incident type; empty = no link
 * @param externalUrl    where a human finds gatewarden (Alertmanager {@code generatorURL}, message footers)
 * @param tickInterval   how often timers are checked (group flushes, retries, resends, heartbeat)
 * @param limits         memory bounds
 * @param sendResolved   whether receivers announce resolutions, unless a receiver says otherwise
 */
public record AlertSettings(List<Receiver> receivers, Route route, List<SilenceSpec> silences,
                            List<InhibitRule> inhibitRules, String outboxDir, Retry retry, Heartbeat heartbeat,
                            String runbookBaseUrl, String externalUrl, Duration tickInterval, Limits limits,
                            Boolean sendResolved) {

    public static final String DEFAULT_RECEIVER = "console";

    public AlertSettings {
        receivers = receivers == null || receivers.isEmpty() ? List.of(new Console(DEFAULT_RECEIVER, null, null, null)) : List.copyOf(receivers);
        route = Route.root(route, receivers.get(0).name());
        silences = silences == null ? List.of() : List.copyOf(silences);
        inhibitRules = inhibitRules == null ? InhibitRule.defaults() : List.copyOf(inhibitRules);
        outboxDir = outboxDir == null || outboxDir.isBlank() ? "alert/outbox" : outboxDir;
        retry = retry == null ? new Retry(null, null, null, null, null) : retry;
        heartbeat = heartbeat == null ? new Heartbeat(null, null, null, null, null, null) : heartbeat;
        runbookBaseUrl = runbookBaseUrl == null ? "" : runbookBaseUrl.strip();
        externalUrl = externalUrl == null || externalUrl.isBlank() ? "http://127.0.0.1:9464/" : externalUrl.strip();
        tickInterval = positive(tickInterval, Duration.ofSeconds(1), "tick_interval");
        limits = limits == null ? new Limits(null, null, null, null, null, null) : limits;
        sendResolved = sendResolved == null || sendResolved;
    }

    public static AlertSettings defaults() {
        return new AlertSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The runbook link of an incident type, or null when no base URL is set. */
    public String runbookUrl(String type) {
        if (runbookBaseUrl.isEmpty() || type == null) return null;
        return runbookBaseUrl.endsWith("/") || runbookBaseUrl.endsWith("=") || runbookBaseUrl.endsWith("#")
                ? runbookBaseUrl + type : runbookBaseUrl + "/" + type;
    }

    /**
     * One node of the routing tree (Alertmanager semantics): the first matching child wins unless it sets
     * {@code continue}; when no child matches, the node itself takes the alert.
     */
    public record Route(String receiver, List<String> matchers, List<String> groupBy, Duration groupWait,
                        Duration groupInterval, Duration repeatInterval,
                        @JsonProperty("continue") Boolean continueMatching, List<Route> routes) {
        public Route {
            matchers = matchers == null ? List.of() : List.copyOf(matchers);
            groupBy = groupBy == null ? null : List.copyOf(groupBy);
            routes = routes == null ? List.of() : List.copyOf(routes);
        }

        static Route root(Route r, String firstReceiver) {
            Route in = r == null ? new Route(null, null, null, null, null, null, null, null) : r;
            return new Route(in.receiver == null ? firstReceiver : in.receiver, in.matchers,
                    in.groupBy == null ? List.of("alertname", "provider") : in.groupBy,
                    nonNegative(in.groupWait, Duration.ofSeconds(30), "group_wait"),
                    positive(in.groupInterval, Duration.ofMinutes(5), "group_interval"),
                    positive(in.repeatInterval, Duration.ofHours(4), "repeat_interval"),
                    in.continueMatching, in.routes);
        }

        /** This node with every unset value taken from {@code parent}. */
        Route inherit(Route parent) {
            return new Route(receiver == null ? parent.receiver : receiver, matchers,
                    groupBy == null ? parent.groupBy : groupBy,
                    groupWait == null ? parent.groupWait : nonNegative(groupWait, null, "group_wait"),
                    groupInterval == null ? parent.groupInterval : positive(groupInterval, null, "group_interval"),
                    repeatInterval == null ? parent.repeatInterval : positive(repeatInterval, null, "repeat_interval"),
                    continueMatching, routes);
        }

        boolean isContinue() {
            return Boolean.TRUE.equals(continueMatching);
        }
    }

    /** A receiver: where and how a notification is delivered. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Console.class, name = "console"),
            @JsonSubTypes.Type(value = Slack.class, name = "slack"),
            @JsonSubTypes.Type(value = Webhook.class, name = "webhook"),
            @JsonSubTypes.Type(value = Alertmanager.class, name = "alertmanager")})
    public sealed interface Receiver permits Console, Slack, Webhook, Alertmanager {
        String name();

        RateLimit rateLimit();

        String type();
    }

    /** One readable line per notification on stdout (or the log with {@code target: log}). */
    public record Console(String name, Boolean sendResolved, RateLimit rateLimit, String target) implements Receiver {
        public Console {
            name = requireName(name);
            rateLimit = rateLimit == null ? RateLimit.unlimited() : rateLimit;
            target = target == null ? "stdout" : target.strip().toLowerCase(java.util.Locale.ROOT);
            if (!target.equals("stdout") && !target.equals("log")) {
                throw new IllegalArgumentException("receiver " + name + ": target must be stdout or log, not '" + target + "'");
            }
        }

        @Override public String type() { return "console"; }
    }

    /**
     * Slack: bot mode ({@code token*} + {@code channel}: one message per group, updates in its thread, the parent
     * edited when resolved) or incoming-webhook mode ({@code webhook_url*}: one message per notification).
     */
    public record Slack(String name, Secret token, String tokenEnv, String tokenFile, String channel,
                        Secret webhookUrl, String webhookUrlEnv, String webhookUrlFile, String apiUrl,
                        Integer maxAlertsShown, Duration timeout, Boolean sendResolved, RateLimit rateLimit) implements Receiver {
        public Slack {
            name = requireName(name);
            apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://slack.com/api/" : (apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
            maxAlertsShown = maxAlertsShown == null ? 10 : requireRange(maxAlertsShown, 1, 40, "max_alerts_shown");
            timeout = positive(timeout, Duration.ofSeconds(10), "timeout");
            rateLimit = rateLimit == null ? RateLimit.defaults() : rateLimit;
        }

        @Override public String type() { return "slack"; }
    }

    /** A generic JSON webhook (body schema in docs/alert.md), HMAC-signed when a secret is set. */
    public record Webhook(String name, Secret url, String urlEnv, String urlFile, Secret secret, String secretEnv,
                          String secretFile, Map<String, String> headers, Map<String, String> headersFromEnv,
                          Integer maxAlerts, Duration timeout, Boolean sendResolved, RateLimit rateLimit) implements Receiver {
        public Webhook {
            name = requireName(name);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            headersFromEnv = headersFromEnv == null ? Map.of() : Map.copyOf(headersFromEnv);
            maxAlerts = maxAlerts == null ? 50 : requireRange(maxAlerts, 1, 1000, "max_alerts");
            timeout = positive(timeout, Duration.ofSeconds(10), "timeout");
            rateLimit = rateLimit == null ? RateLimit.defaults() : rateLimit;
        }

        @Override public String type() { return "webhook"; }
    }

    /**
     * Alertmanager's {@code POST /api/v2/alerts}: every routed alert is sent when it changes and re-sent every
     * {@code resend_interval} while firing; Alertmanager then groups, silences and pages with the team's config.
     */
    public record Alertmanager(String name, Secret url, String urlEnv, String urlFile, Duration resendInterval,
                               Boolean watchdog, Map<String, String> headers, Map<String, String> headersFromEnv,
                               Duration timeout, RateLimit rateLimit) implements Receiver {
        public Alertmanager {
            name = requireName(name);
            resendInterval = positive(resendInterval, Duration.ofMinutes(1), "resend_interval");
            watchdog = watchdog != null && watchdog;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            headersFromEnv = headersFromEnv == null ? Map.of() : Map.copyOf(headersFromEnv);
            timeout = positive(timeout, Duration.ofSeconds(10), "timeout");
            rateLimit = rateLimit == null ? RateLimit.unlimited() : rateLimit;
        }

        @Override public String type() { return "alertmanager"; }
    }

    /** Whether {@code r} announces resolutions: its own {@code send_resolved}, else the top-level one. */
    public boolean sendResolved(Receiver r) {
        Boolean own = null;
        if (r instanceof Console c) own = c.sendResolved();
        else if (r instanceof Slack s) own = s.sendResolved();
        else if (r instanceof Webhook w) own = w.sendResolved();
        else return true; // Alertmanager must see the end of what it was told
        return own != null ? own : sendResolved;
    }

    /** Token bucket: up to {@code burst} notifications at once, then one per {@code refill_every}; 0 = unlimited. */
    public record RateLimit(Integer burst, Duration refillEvery) {
        public RateLimit {
            burst = burst == null ? 10 : requireRange(burst, 0, 100_000, "rate_limit.burst");
            refillEvery = positive(refillEvery, Duration.ofSeconds(6), "rate_limit.refill_every");
        }

        static RateLimit defaults() {
            return new RateLimit(null, null);
        }

        static RateLimit unlimited() {
            return new RateLimit(0, null);
        }
    }

    /** A silence from config: the matchers must all match; it ends at {@code ends_at}. */
    public record SilenceSpec(List<String> matchers, Instant startsAt, Instant endsAt, String comment, String createdBy) {
        public SilenceSpec {
            if (matchers == null || matchers.isEmpty()) throw new IllegalArgumentException("a silence needs at least one matcher");
            if (endsAt == null) throw new IllegalArgumentException("a silence needs ends_at (an ISO-8601 instant)");
            matchers = List.copyOf(matchers);
            comment = comment == null ? "" : comment;
            createdBy = createdBy == null ? "config" : createdBy;
        }
    }

    /** While a firing alert matches {@code source_matchers}, alerts matching {@code target_matchers} with equal {@code equal} labels are muted. */
    public record InhibitRule(List<String> sourceMatchers, List<String> targetMatchers, List<String> equal) {
        public InhibitRule {
            if (sourceMatchers == null || sourceMatchers.isEmpty() || targetMatchers == null || targetMatchers.isEmpty()) {
                throw new IllegalArgumentException("an inhibit rule needs source_matchers and target_matchers");
            }
            sourceMatchers = List.copyOf(sourceMatchers);
            targetMatchers = List.copyOf(targetMatchers);
            equal = equal == null ? List.of() : List.copyOf(equal);
        }

        static List<InhibitRule> defaults() {
            return List.of(new InhibitRule(
                    List.of("alertname=~\"gateway_down|gateway_crashed|gateway_restart_loop\""),
                    List.of("alertname=~\"provider_.*|chain_exhausted|error_loop|fallback_skipped|request_rejected|quota_.*|context_.*\""),
                    List.of("gateway")));
        }
    }

    /** Redelivery: exponential backoff from {@code initial} to {@code max} with jitter; a notification is dropped (and recorded) after {@code give_up_after}. */
    public record Retry(Duration initial, Duration max, Double multiplier, Double jitter, Duration giveUpAfter) {
        public Retry {
            initial = positive(initial, Duration.ofSeconds(1), "retry.initial");
            max = positive(max, Duration.ofMinutes(5), "retry.max");
            multiplier = multiplier == null ? 2.0 : multiplier;
            jitter = jitter == null ? 0.2 : jitter;
            giveUpAfter = positive(giveUpAfter, Duration.ofHours(24), "retry.give_up_after");
            if (multiplier < 1.0) throw new IllegalArgumentException("retry.multiplier must be >= 1");
            if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("retry.jitter must be in [0, 1)");
            if (max.compareTo(initial) < 0) throw new IllegalArgumentException("retry.max must be >= retry.initial");
        }
    }

    /** Dead-man's switch: a periodic HTTP ping to a URL (healthchecks.io, Dead Man's Snitch, ...); off when no URL is set. */
    public record Heartbeat(Secret url, String urlEnv, String urlFile, String method, Duration interval, Duration timeout) {
        public Heartbeat {
            method = method == null ? "GET" : method.strip().toUpperCase(java.util.Locale.ROOT);
            if (!method.equals("GET") && !method.equals("POST")) throw new IllegalArgumentException("heartbeat.method must be GET or POST");
            interval = positive(interval, Duration.ofMinutes(1), "heartbeat.interval");
            timeout = positive(timeout, Duration.ofSeconds(5), "heartbeat.timeout");
        }

        boolean configured() {
            return url != null || urlEnv != null || urlFile != null;
        }
    }

    /** Memory bounds: nothing the input controls grows without a cap. */
    public record Limits(Integer maxAlerts, Integer maxGroups, Integer maxSilences, Integer evidenceLines,
                         Integer maxFailedKept, Integer maxSlackThreads) {
        public Limits {
            maxAlerts = maxAlerts == null ? 5000 : requireRange(maxAlerts, 10, 1_000_000, "limits.max_alerts");
            maxGroups = maxGroups == null ? 1000 : requireRange(maxGroups, 1, 100_000, "limits.max_groups");
            maxSilences = maxSilences == null ? 500 : requireRange(maxSilences, 1, 100_000, "limits.max_silences");
            evidenceLines = evidenceLines == null ? 5 : requireRange(evidenceLines, 0, 50, "limits.evidence_lines");
            maxFailedKept = maxFailedKept == null ? 200 : requireRange(maxFailedKept, 0, 100_000, "limits.max_failed_kept");
            maxSlackThreads = maxSlackThreads == null ? 1000 : requireRange(maxSlackThreads, 10, 100_000, "limits.max_slack_threads");
        }
    }

    private static String requireName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("receiver name '" + name + "' must be 1-63 chars of letters, digits, '_', '.', '-'");
        }
        return name;
    }

    private static int requireRange(int v, int min, int max, String key) {
        if (v < min || v > max) throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", not " + v);
        return v;
    }
}
