package io.gatewarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.lint.JsonReportWriter;
import io.gatewarden.lint.LintReport;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.lint.TextReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gatewarden check [--format text|json] OPENCLAW_JSON [--auth-profiles FILE] [--settings FILE]}: lints the
 * gateway's fallback chains. Exit 0 when no finding is an error, 1 when one is, 2 when the config (or the settings
 * file) cannot be read, with a one-line reason on stderr. Plain picocli: runs without booting Quarkus.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Lint the OpenClaw gateway's fallback chains: rungs without credentials, unregistered providers,",
                "unknown models, rungs that share one credential, repeats, missing local rung, paid before local/free.",
                "Exit codes: 0 no error finding, 1 at least one error finding, 2 config unreadable."})
public final class CheckCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int ERROR_FINDINGS = 1;
    public static final int CONFIG_ERROR = 2;
    public static final int INTERNAL_ERROR = 3;

    public enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output format: text (a table) or json (gatewarden.check/v1). Default: ${DEFAULT-VALUE}.")
    Format format = Format.text;

    @Parameters(index = "0", paramLabel = "OPENCLAW_JSON", description = "The gateway's openclaw.json (JSON5).")
    Path configFile;

    @Option(names = "--auth-profiles", paramLabel = "FILE",
            description = {"A legacy auth-profiles.json to read. Default: look next to OPENCLAW_JSON and under",
                    "agents/<id>/agent/ in its folder."})
    Path authProfiles;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Lint settings: a gatewarden.yaml (its lint: section) or a YAML file of lint keys.")
    Path settingsFile;

    @Spec
    CommandSpec spec;

    private final LintSettings defaultSettings;

    public CheckCommand() {
        this(LintSettings.defaults());
    }

    /** With the settings the daemon's config holds (the lead passes them when registering the command). */
    public CheckCommand(LintSettings settings) {
        this.defaultSettings = settings;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LintSettings settings = settingsFile == null ? defaultSettings : loadSettings(settingsFile);
            GatewayConfig config = new OpenClawConfigReader().read(configFile, authProfiles);
            io.gatewarden.gateway.RateLimitDomains domains = settingsFile == null ? null : loadDomains(settingsFile);
            LintReport report = withSchedules(new ChainLinter(settings, domains).lint(config), config, domains, err);
            int exit = report.hasErrors() ? ERROR_FINDINGS : OK;
            out.print(format == Format.json ? new JsonReportWriter().write(report, exit) : new TextReportWriter().write(report));
            out.flush();
            return exit;
        } catch (ConfigError e) {
            err.println("gatewarden check: " + e.getMessage());
            err.flush();
            if (format == Format.json) {
                out.print(new JsonReportWriter().writeError(e, CONFIG_ERROR));
                out.flush();
            }
            return CONFIG_ERROR;
        } catch (RuntimeException e) {
            err.println("gatewarden check: internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    /**
     * The schedule-collision rule: the gateway's heartbeats and the cron jobs in its state DB (or legacy jobs.json)
     * next to the config, projected over today. An unreadable cron store is reported on stderr and skipped.
     */
    static LintReport withSchedules(LintReport report, GatewayConfig config, io.gatewarden.gateway.RateLimitDomains domains,
                                    PrintWriter err) {
        io.gatewarden.load.CronJobStore.Jobs jobs;
        try {
            jobs = io.gatewarden.load.CronJobStore.near(config.configFile());
        } catch (java.io.IOException e) {
            err.println("gatewarden check: cron jobs not checked: " + e.getMessage());
            jobs = new io.gatewarden.load.CronJobStore.Jobs(java.util.List.of(), java.util.List.of());
        }
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        var schedules = new io.gatewarden.load.ScheduleProjection(config, domains, zone)
                .project(jobs.jobs(), jobs.sources(), java.time.LocalDate.now(zone));
        java.util.List<io.gatewarden.lint.Finding> extra = io.gatewarden.lint.ScheduleCollisionRule.findings(schedules);
        if (extra.isEmpty()) return report;
        java.util.List<io.gatewarden.lint.Finding> all = new java.util.ArrayList<>(extra);
        all.addAll(report.findings());
        return new LintReport(report.configFile(), report.legacyAuthFiles(), report.chains(), all);
    }

    /** {@code gateway.rate_limit_domains} of a whole gatewarden.yaml, so check words shared credentials as the daemon does. */
    static io.gatewarden.gateway.RateLimitDomains loadDomains(Path file) {
        try {
            JsonNode d = ConfigMapper.yaml().readTree(file.toFile()).path("gateway").path("rate_limit_domains");
            if (!d.isObject()) return null;
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            d.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            return new io.gatewarden.gateway.RateLimitDomains(m);
        } catch (java.io.IOException | RuntimeException e) {
            return null; // loadSettings already reported an unreadable file
        }
    }

    /** A whole gatewarden.yaml (uses its {@code lint:} section) or a file holding just the lint keys. */
    static LintSettings loadSettings(Path file) throws ConfigError {
        try {
            var yaml = ConfigMapper.yaml();
            JsonNode root = yaml.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) return LintSettings.defaults();
            JsonNode lint = root.has("lint") ? root.get("lint") : root;
            return yaml.treeToValue(lint, LintSettings.class);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new ConfigError(file, 0, 0, "no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigError(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "invalid lint settings: " + e.getOriginalMessage());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ConfigError(file, 0, 0, "invalid lint settings: " + e.getMessage());
        }
    }
}
