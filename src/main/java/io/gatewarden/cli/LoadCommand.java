package io.gatewarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.load.CronJob;
import io.gatewarden.load.CronJobStore;
import io.gatewarden.load.LoadReport;
import io.gatewarden.load.LoadRunner;
import io.gatewarden.load.LoadTextReport;
import io.gatewarden.load.ScheduleProjection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gatewarden load [--format text|json] [--config OPENCLAW_JSON] LOG_OR_DIR…}: who spends the quota, and when.
 * Exit 0, or 2 when an input or the config cannot be read. Plain picocli: no Quarkus boot, no port.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Provider calls per source (agent, heartbeat / cron job / chat / sub-agent, model, credential)",
                "from finished gateway logs, per hour and day, failures, background share, the busiest minutes per",
                "rate-limit domain; with --config, the heartbeats and cron jobs projected per day, their collisions",
                "and suggestions. Logs are read as replay reads them."})
public final class LoadCommand implements Callable<Integer> {
    public enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", description = "text (tables) or json (gatewarden.load/v1)")
    Format format;

    @Option(names = "--config", paramLabel = "OPENCLAW_JSON",
            description = {"The gateway's openclaw.json: credentials and endpoints, heartbeats, and the cron jobs in",
                    "state/openclaw.sqlite (or cron/jobs.json) next to it."})
    Path openclawJson;

    @Option(names = "--cron-store", paramLabel = "FILE", description = "The gateway's state DB or a legacy jobs.json to read cron jobs from.")
    Path cronStore;

    @Option(names = "--settings", paramLabel = "FILE", description = "gatewarden.yaml (gateway.rate_limit_domains, parse settings).")
    Path settings;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone for days, hours and cron expressions (default: this machine's).")
    ZoneId zone;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "The day to project schedules over (default: the last day in the logs, else today).")
    LocalDate day;

    @Parameters(arity = "1..*", paramLabel = "LOG_OR_DIR")
    List<Path> inputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZoneId z = zone != null ? zone : ZoneId.systemDefault();
        GatewardenConfig cfg = CommandInputs.settings(settings, err, "gatewarden load: invalid settings: ");
        if (cfg == null || !CommandInputs.allExist(inputs, err, "gatewarden load")) return 2;
        GatewayConfig gateway = null;
        CronJobStore.Jobs jobs = new CronJobStore.Jobs(List.of(), List.of());
        try {
            if (openclawJson != null) {
                gateway = new OpenClawConfigReader().read(openclawJson);
                jobs = CronJobStore.near(openclawJson);
            }
            if (cronStore != null) jobs = read(cronStore);
        } catch (ConfigError e) {
            err.println("gatewarden load: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("gatewarden load: " + e.getMessage());
            return 2;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (CronJob j : jobs.jobs()) if (j.id() != null && j.name() != null) names.put(j.id(), j.name());
        LoadRunner.Result result;
        try {
            result = LoadRunner.run(cfg.pipeline(), cfg.gateway().domains(), inputs, gateway, names, z, 0);
        } catch (IOException e) {
            err.println("gatewarden load: cannot read logs: " + e.getMessage());
            return 2;
        }
        LoadReport report = result.report();
        if (gateway != null) {
            LocalDate d = day != null ? day : report.to() != null ? report.to().atZone(z).toLocalDate() : LocalDate.now(z);
            report = report.withSchedule(new ScheduleProjection(gateway, cfg.gateway().domains(), z).project(jobs.jobs(), jobs.sources(), d));
        }
        if (format == Format.json) {
            try {
                out.println(mapper().writeValueAsString(report));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.print(LoadTextReport.write(report));
        }
        out.flush();
        err.printf("read %,d lines (%,.1f MB) from %d file(s) in %.2f s: %,.1f MB/s; %,d malformed lines skipped%n",
                result.read().summary().lines(), result.read().summary().bytes() / 1e6, result.read().summary().files(),
                result.took().toNanos() / 1e9, result.read().summary().bytes() / 1e6 / Math.max(result.took().toNanos() / 1e9, 1e-9),
                result.malformed());
        err.flush();
        if (result.read().summary().files() == 0) {
            err.println("gatewarden load: no log files found in: " + inputs);
            return 2;
        }
        return 0;
    }

    private static CronJobStore.Jobs read(Path store) throws IOException {
        if (!Files.isRegularFile(store)) throw new IOException("no such cron store: " + store);
        List<CronJob> jobs = store.getFileName().toString().endsWith(".json") ? CronJobStore.readLegacy(store) : CronJobStore.readDb(store);
        return new CronJobStore.Jobs(jobs, List.of(store));
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
