package io.gatewarden.demo;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/**
 * The Quarkus side of {@code gatewarden demo}: once Quarkus has booted (HTTP server up, daemon built and started by
 * {@code DaemonLifecycle}, which hands it to {@link DemoRun#attach}), plays the story; then exits, or with
 * {@code --stay} keeps serving until Ctrl-C.
 */
public class DemoApp implements QuarkusApplication {
    private static volatile DemoRun run;

    /** The run to play; set by the command before it boots Quarkus. */
    public static void use(DemoRun r) {
        run = r;
    }

    @Override
    public int run(String... args) throws Exception {
        DemoRun r = run;
        if (r == null) throw new IllegalStateException("DemoApp started without a DemoRun");
        int code = r.play();
        if (r.stays()) Quarkus.waitForExit();
        return code;
    }
}
