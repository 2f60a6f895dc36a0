package io.gatewarden.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single entry point of the packaged app. Runs before Quarkus boots, so `replay` and `check` work without
 * starting the HTTP server; only `run` and `demo` boot Quarkus.
 */
@QuarkusMain
@Command(name = "gatewarden", mixinStandardHelpOptions = true, version = "gatewarden 0.1.0",
        description = "External watchdog for AI agent gateways (OpenClaw).",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, CheckCommand.class, LoadCommand.class})
public class GatewardenMain {
    public static void main(String... args) {
        if (CdsTraining.requested()) System.exit(CdsTraining.run()); // the build's class-data-sharing archive
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GatewardenMain());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
