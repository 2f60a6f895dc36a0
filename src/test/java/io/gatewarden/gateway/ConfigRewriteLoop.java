package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.node.TextNode;
import io.gatewarden.act.ActionJournal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Child process for the kill -9 test: rewrites {@code agents.defaults.model.primary} of the given config forever,
 * through the real writer (backup, journal, temp file + fsync + rename), alternating between two values.
 * Prints READY after its first completed write. With "once" it writes once and exits (used to warm a CDS archive).
 */
public final class ConfigRewriteLoop {
    public static final List<String> VALUES = List.of("fakeanth/ok", "fakeoa/ok");

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path state = Path.of(args[1]);
        boolean once = args.length > 2 && args[2].equals("once");
        ActionJournal journal = new ActionJournal(state.resolve("actions.jsonl"), 256 * 1024, Clock.systemUTC());
        GatewayConfigWriter w = new GatewayConfigWriter(config, journal, Clock.systemUTC(), 3, state.resolve("backups"));
        // start with the value the file does not hold, so every completed write changes the file
        String current = Json5Editor.valueAt(java.nio.file.Files.readString(config), "agents.defaults.model.primary").textValue();
        int offset = VALUES.get(0).equals(current) ? 1 : 0;
        for (long i = 0; ; i++) {
            String v = VALUES.get((int) ((i + offset) % 2));
            w.apply(new GatewayConfigWriter.Request("switch_primary", "loop-" + i, "kill test", null,
                    List.of(new GatewayConfigWriter.Change("agents.defaults.model.primary", null, TextNode.valueOf(v))), false, null));
            if (i == 0) {
                System.out.println("READY");
                System.out.flush();
                if (once) return;
            }
        }
    }
}
