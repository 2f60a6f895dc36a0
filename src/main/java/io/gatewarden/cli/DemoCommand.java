package io.gatewarden.cli;

import io.gatewarden.config.ConfigException;
import io.gatewarden.daemon.DaemonContext;
import io.gatewarden.demo.DemoApp;
import io.gatewarden.demo.DemoRun;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run gatewarden on its embedded defaults against a simulated OpenClaw gateway that replays a real "
                + "incident (a 429 storm on the primary, then a chain exhaustion): watch the incident, the breaker, the "
                + "primary switch in a copy of openclaw.json, the alerts, the recovery and the fail-back, in about a minute.",
                "Everything runs on 127.0.0.1; files go to a fresh temp dir (printed at the end)."})
public class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9464",
            description = "Port of the status page and API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "Play the story X times faster (0.25 to 20; default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--stay", description = "Keep running after the story, to browse the status page; Ctrl-C stops.")
    boolean stay;

    @Option(names = "--dir", paramLabel = "DIR", description = "Put the demo's files here instead of a fresh temp dir.")
    Path dir;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) return fail("--port must be between 1 and 65535, not " + port);
        if (!portFree(port)) {
            return fail("port " + port + " on 127.0.0.1 is in use (is `gatewarden run` running?); pick another with --port");
        }
        DemoRun run;
        try {
            run = DemoRun.prepare(new DemoRun.Options(speed, port, stay, dir), System.out);
        } catch (IllegalArgumentException | IOException | ConfigException e) {
            return fail(e.getMessage());
        }
        DaemonContext.set(run.config(), run.configFile(), false);
        DaemonContext.onCreate(run::attach);
        DemoApp.use(run);
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", String.valueOf(port));
        // the narrator tells what gatewarden does; its INFO log would say it all a second time
        System.setProperty("quarkus.log.level", "WARN");
        System.setProperty("quarkus.log.category.\"io.micrometer\".level", "ERROR");
        Quarkus.run(DemoApp.class, (code, err) -> {
            if (err != null) err.printStackTrace();
            run.close();
            System.exit(code);
        });
        return 0;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int fail(String why) {
        System.err.println("gatewarden demo: " + why);
        return 2;
    }
}
