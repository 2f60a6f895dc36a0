package io.gatewarden.gateway.restart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * How gatewarden notices a dead gateway and restarts it. Bound from the {@code restart:} section of
 * gatewarden.yaml with snake_case keys; every key is optional (see docs/restart.md).
 *
 * @param strategy           systemd | signal | command | spawn | kubernetes | none (watch and report, never restart)
 * @param unit               systemd unit to restart
 * @param userMode           {@code systemctl --user} (OpenClaw installs a user unit by default)
 * @param systemctl          the systemctl program (name looked up on PATH, or a path)
 * @param pidfile            the gateway's pidfile: used by the signal strategy and the "process gone" trigger
 * @param processName        the gateway's process name (/proc/PID/comm, or argv[0]); same uses as pidfile
 * @param command            argument list for the command strategy (no shell), e.g. [openclaw, gateway, restart]; for
 *                           the spawn strategy the gateway's foreground command, e.g. [openclaw, gateway, run]
 * @param commandTimeout     how long any external command (systemctl, kill, command) may run
 * @param kubernetes         the kubernetes strategy's API access
 * @param healthUrl          base URL of the gateway's HTTP server (/healthz, /startupz are appended)
 * @param probeTimeout       one health request may take this long, connect and answer together
 * @param failuresBeforeDown consecutive failed /healthz probes that make the gateway "down"
 * @param probeInterval      how often the lead should call {@link GatewayRestarter#tick()}
 * @param startupTimeout     after a restart, how long to wait for /startupz to say "started"
 * @param startupSettle      a "started" answer counts only after the gateway was seen not started, or after this
 *                           long (an in-process restart may still answer from before it acted on the signal)
 * @param budget             at most budget.max_restarts restarts within budget.window, then stop and page a human
 * @param cooldown           minimum time between two restart attempts
 * @param triggers           which triggers may restart: down, process_gone, crashed, incident
 */
public record RestartSettings(String strategy, String unit, Boolean userMode, String systemctl, Path pidfile,
                              String processName, List<String> command, Duration commandTimeout,
                              KubernetesSettings kubernetes, String healthUrl, Duration probeTimeout,
                              Integer failuresBeforeDown, Duration probeInterval, Duration startupTimeout,
                              Duration startupSettle, BudgetSettings budget, Duration cooldown, Set<String> triggers) {

    public static final Set<String> STRATEGIES = Set.of("systemd", "signal", "command", "spawn", "kubernetes", "none");
    public static final Set<String> TRIGGERS = Set.of("down", "process_gone", "crashed", "incident");
    /** OpenClaw's gateway sets its process title to this (Linux keeps the first 15 bytes in /proc/PID/comm). */
    public static final String DEFAULT_PROCESS_NAME = "openclaw-gateway";

    public RestartSettings {
        strategy = strategy == null || strategy.isBlank() ? "systemd" : strategy.trim().toLowerCase(Locale.ROOT);
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("restart.strategy must be one of systemd, signal, command, spawn, kubernetes, none; not '"
                    + strategy + "'");
        }
        unit = unit == null || unit.isBlank() ? "openclaw-gateway.service" : unit;
        userMode = userMode == null ? Boolean.TRUE : userMode;
        systemctl = systemctl == null || systemctl.isBlank() ? "systemctl" : systemctl;
        processName = processName == null || processName.isBlank() ? null : processName;
        command = command == null || command.isEmpty() ? List.of("openclaw", "gateway", "restart") : List.copyOf(command);
        commandTimeout = positive(commandTimeout, Duration.ofSeconds(30), "restart.command_timeout");
        kubernetes = kubernetes == null ? KubernetesSettings.defaults() : kubernetes;
        healthUrl = healthUrl == null || healthUrl.isBlank() ? "http://127.0.0.1:18789" : stripSlash(healthUrl.trim());
        if (!healthUrl.startsWith("http://") && !healthUrl.startsWith("https://")) {
            throw new IllegalArgumentException("restart.health_url must be an http(s) URL, not '" + healthUrl + "'");
        }
        probeTimeout = positive(probeTimeout, Duration.ofSeconds(5), "restart.probe_timeout");
        failuresBeforeDown = failuresBeforeDown == null ? 3 : failuresBeforeDown;
        if (failuresBeforeDown < 1) throw new IllegalArgumentException("restart.failures_before_down must be at least 1");
        probeInterval = positive(probeInterval, Duration.ofSeconds(10), "restart.probe_interval");
        startupTimeout = positive(startupTimeout, Duration.ofSeconds(60), "restart.startup_timeout");
        startupSettle = startupSettle == null ? Duration.ofSeconds(2) : startupSettle;
        budget = budget == null ? BudgetSettings.defaults() : budget;
        cooldown = cooldown == null ? Duration.ofSeconds(30) : cooldown;
        if (cooldown.isNegative() || startupSettle.isNegative()) {
            throw new IllegalArgumentException("restart.cooldown and restart.startup_settle must not be negative");
        }
        triggers = triggers == null ? TRIGGERS : Set.copyOf(triggers);
        for (String t : triggers) {
            if (!TRIGGERS.contains(t)) {
                throw new IllegalArgumentException("restart.triggers: unknown trigger '" + t + "' (use down, process_gone, crashed, incident)");
            }
        }
    }

    public static RestartSettings defaults() {
        return new RestartSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The "process gone" check runs only when the operator told us how to find the process. */
    public boolean processCheckConfigured() {
        return pidfile != null || processName != null;
    }

    public boolean triggerEnabled(RestartTrigger trigger) {
        return trigger.configName() == null || triggers.contains(trigger.configName());
    }

    public RestartSettings withStrategy(String newStrategy) {
        return new RestartSettings(newStrategy, unit, userMode, systemctl, pidfile, processName, command, commandTimeout,
                kubernetes, healthUrl, probeTimeout, failuresBeforeDown, probeInterval, startupTimeout, startupSettle,
                budget, cooldown, triggers);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * The restart budget, as systemd's StartLimitBurst/StartLimitIntervalSec or monit's "3 restarts within 5 cycles".
     *
     * @param maxRestarts restarts allowed within the window
     * @param window      the sliding window
     */
    public record BudgetSettings(Integer maxRestarts, Duration window) {
        public BudgetSettings {
            maxRestarts = maxRestarts == null ? 3 : maxRestarts;
            if (maxRestarts < 1) throw new IllegalArgumentException("restart.budget.max_restarts must be at least 1");
            window = positive(window, Duration.ofMinutes(15), "restart.budget.window");
        }

        public static BudgetSettings defaults() {
            return new BudgetSettings(null, null);
        }
    }

    /**
     * Access to the Kubernetes API server for the kubernetes strategy (deletes the gateway's pod; its
     * controller starts a new one). Defaults are the in-cluster service-account mount.
     *
     * @param apiUrl        API server base URL; default from KUBERNETES_SERVICE_HOST/PORT, else https://kubernetes.default.svc
     * @param namespace     the pod's namespace; default read from {@code namespace_path}
     * @param pod           the pod to delete; default the POD_NAME, else HOSTNAME environment variable (a sidecar's own pod)
     * @param tokenPath     bearer token file (re-read before each call: projected tokens rotate)
     * @param caPath        CA bundle that signs the API server's certificate (https only)
     * @param namespacePath file holding the namespace
     */
    public record KubernetesSettings(String apiUrl, String namespace, String pod, Path tokenPath, Path caPath,
                                     Path namespacePath) {
        static final Path SA_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

        public KubernetesSettings {
            tokenPath = tokenPath == null ? SA_DIR.resolve("token") : tokenPath;
            caPath = caPath == null ? SA_DIR.resolve("ca.crt") : caPath;
            namespacePath = namespacePath == null ? SA_DIR.resolve("namespace") : namespacePath;
            apiUrl = apiUrl == null || apiUrl.isBlank() ? null : stripSlash(apiUrl.trim());
        }

        public static KubernetesSettings defaults() {
            return new KubernetesSettings(null, null, null, null, null, null);
        }
    }
}
