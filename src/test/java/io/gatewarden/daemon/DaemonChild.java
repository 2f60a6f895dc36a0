package io.gatewarden.daemon;

import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The real daemon core in a child JVM, for {@link KillNineFaultSuiteTest}: {@code DaemonChild <gatewarden.yaml>}
 * builds {@link Daemon} from the file, starts it, prints {@code READY} and runs until it is killed (SIGKILL) —
 * no Quarkus, exactly the object the Quarkus shell starts. {@code DaemonChild <gatewarden.yaml> warm} starts and
 * closes it once (to record an AppCDS archive).
 */
public final class DaemonChild {
    public static void main(String[] args) throws Exception {
        GatewardenConfig cfg = ConfigLoader.load(Path.of(args[0]));
        Daemon daemon = DaemonBuilder.build(cfg, Clock.systemUTC(), true);
        daemon.start();
        System.out.println("READY");
        System.out.flush();
        if (args.length > 1 && args[1].equals("warm")) {
            Thread.sleep(1500); // let every scheduled task run once so their classes are archived too
            daemon.close();
            System.exit(0);
        }
        Thread.currentThread().join(); // until SIGKILL
    }
}
