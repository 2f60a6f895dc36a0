package io.gatewarden.act;

import io.gatewarden.breaker.MiniOpenClawParser;
import io.gatewarden.parse.GatewayEvent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Test helper: follows a growing log file (10 ms polls) and hands each parsed line to a consumer. */
final class LogFollower implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    LogFollower(Path log, Consumer<GatewayEvent> sink) {
        MiniOpenClawParser parser = new MiniOpenClawParser();
        thread = new Thread(() -> {
            long pos = 0;
            StringBuilder partial = new StringBuilder();
            byte[] buf = new byte[64 * 1024];
            while (running) {
                try {
                    if (Files.exists(log)) {
                        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                            f.seek(pos);
                            int n;
                            while ((n = f.read(buf)) > 0) {
                                pos += n;
                                partial.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            }
                        }
                        int nl;
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            String line = partial.substring(0, nl);
                            partial.delete(0, nl + 1);
                            if (!line.isBlank()) sink.accept(parser.parse(line));
                        }
                    }
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // keep following: a test assertion will say what went missing
                }
            }
        }, "log-follower");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
