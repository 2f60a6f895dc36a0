package io.gatewarden.cli;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.daemon.DaemonApp;
import io.gatewarden.daemon.DaemonContext;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the watchdog daemon (tails the gateway log, detects, acts, alerts, serves HTTP).")
public class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "gatewarden.yaml (default: embedded defaults)")
    Path config;

    @Option(names = "--from-start", description = "On first start, read existing log history instead of starting at the end.")
    boolean fromStart;

    @Override
    public Integer call() {
        GatewardenConfig cfg = CommandInputs.settings(config, new java.io.PrintWriter(System.err, true),
                "gatewarden: invalid configuration: ");
        if (cfg == null) return 2;
        DaemonContext.set(cfg, config, fromStart);
        // Quarkus reads these before it binds the HTTP server
        System.setProperty("quarkus.http.host", cfg.http().host());
        System.setProperty("quarkus.http.port", String.valueOf(cfg.http().port()));
        Quarkus.run(DaemonApp.class, (code, err) -> {
            if (err != null) err.printStackTrace();
            System.exit(code);
        });
        return 0;
    }
}
