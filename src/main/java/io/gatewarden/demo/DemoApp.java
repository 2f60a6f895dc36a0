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
        // Ctrl-C during the story: Quarkus shuts down, and the story stops where it is instead of playing on
        Thread story = Thread.currentThread();
        Thread interrupter = new Thread(story::interrupt, "demo-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupter);
        int code;
        try {
            code = r.play();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupter);
            } catch (IllegalStateException shuttingDown) {
                // already running: nothing to undo
            }
        }
        if (code != 130 && r.stays()) Quarkus.waitForExit();
        return code;
    }
}
