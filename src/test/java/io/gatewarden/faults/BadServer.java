package io.gatewarden.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving HTTP peer on a raw {@link ServerSocket} (127.0.0.1, port 0): it hangs without answering, resets the
 * connection in the middle of a response, answers junk that is not HTTP, or streams a huge body. Every connection is
 * bounded (a hang lasts until the client gives up or the server closes) and the server stops by itself on close.
 */
final class BadServer implements AutoCloseable {
    enum Mode { HANG, RESET, GARBAGE, HUGE }

    private static final int HUGE_BYTES = 8 * 1024 * 1024;

    private final Mode mode;
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bad-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean running = true;

    BadServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::acceptLoop);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    long connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                pool.submit(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            readHead(in);
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case HANG -> {
                    // read whatever comes, answer nothing, until the client gives up (or the test ends)
                    byte[] buf = new byte[4096];
                    while (running && in.read(buf) >= 0) { /* swallow */ }
                }
                case RESET -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"status\":\"ok\",\"da"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.setSoLinger(true, 0); // close with RST in the middle of the promised body
                }
                case GARBAGE -> {
                    out.write("\u0000\u00ffSSH-2.0-not-http 200 {oops\r\n<html>garbage</html>\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                case HUGE -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = "{\"id\":\"m\"},".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                    for (int sent = 0; running && sent < HUGE_BYTES; sent += chunk.length) out.write(chunk);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the client hung up: that is what bad peers see all day
        } finally {
            open.remove(s);
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) return;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        pool.shutdownNow();
    }
}
