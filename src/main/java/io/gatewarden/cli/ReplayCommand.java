package io.gatewarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.pipeline.Replay;
import io.gatewarden.pipeline.IncidentJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the daemon's detectors over finished logs, with time taken from the log.",
                "Files, rotated sets and directories are read in the gateway's order; .gz files too."})
public class ReplayCommand implements Callable<Integer> {
    public enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", description = "text (a timeline) or json (one incident per line)")
    Format format;

    @Option(names = "--config", paramLabel = "FILE", description = "gatewarden.yaml for thresholds (default: embedded defaults)")
    Path config;

    @Parameters(arity = "1..*", paramLabel = "LOG_OR_DIR")
    List<Path> inputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewardenConfig cfg = CommandInputs.settings(config, err, "gatewarden: invalid configuration: ");
        if (cfg == null || !CommandInputs.allExist(inputs, err, "gatewarden")) return 2;
        IncidentListener timeline = format == Format.text ? new TextTimeline(out) : new IncidentListener() {};
        Replay.Result result;
        try {
            result = Replay.run(cfg.pipeline(), inputs, timeline);
        } catch (IOException e) {
            err.println("gatewarden: cannot read logs: " + e.getMessage());
            return 2;
        }
        if (format == Format.json) {
            ObjectMapper json = IncidentJson.mapper();
            for (Incident i : result.incidents()) {
                try {
                    out.println(json.writeValueAsString(IncidentJson.of(i)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else {
            printSummary(out, result);
        }
        out.flush();
        err.printf("replayed %,d lines (%,.1f MB) from %d file(s) in %.2f s: %,.0f lines/s, %,.1f MB/s; "
                        + "%,d malformed and %,d oversized lines skipped; %s%d incident(s)%n",
                result.read().lines(), result.read().bytes() / 1e6, result.read().files(),
                result.took().toNanos() / 1e9, result.linesPerSecond(), result.megabytesPerSecond(),
                result.stats().malformed(), result.read().skippedLines(),
                result.duplicateLines() > 0
                        ? String.format("%,d lines already read from another file skipped; ", result.duplicateLines()) : "",
                result.incidents().size());
        if (result.read().files() == 0) {
            err.println("gatewarden: no log files found (looked for *.log, *.jsonl, *.txt, rotated and .gz) in: " + inputs);
            err.flush();
            return 2;
        }
        err.flush();
        return 0;
    }

    private static void printSummary(PrintWriter out, Replay.Result r) {
        out.println();
        out.printf("%d incident(s)%n", r.incidents().size());
        for (Incident i : r.incidents()) {
            out.printf("  %-22s %-8s %-7s x%-4d %s  %s%n", i.type().wireName(), i.severity().wireName(),
                    i.isOpen() ? "OPEN" : "resolved", i.occurrences(), labels(i.labels()), i.summary());
        }
        if (r.droppedIncidents() > 0) out.printf("  (%d older incidents not listed)%n", r.droppedIncidents());
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** Prints openings, escalations and resolutions as they happen in log time. */
    static final class TextTimeline implements IncidentListener {
        private final PrintWriter out;

        TextTimeline(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void opened(Incident i) {
            out.printf("%s  OPEN      %-8s %-22s %s%n    %s%n", i.startsAt(), i.severity().wireName(), i.type().wireName(),
                    labels(i.labels()), i.summary());
        }

        @Override
        public void resolved(Incident i) {
            out.printf("%s  RESOLVED  %-8s %-22s %s  (%d occurrence(s), open %s)%n", i.endsAt(), i.severity().wireName(),
                    i.type().wireName(), labels(i.labels()), i.occurrences(),
                    io.gatewarden.time.Durations.format(java.time.Duration.between(i.startsAt(), i.endsAt())
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
    }
}
