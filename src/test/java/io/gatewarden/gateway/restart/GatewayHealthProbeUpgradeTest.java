package io.gatewarden.gateway.restart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the end-to-end test against the real OpenClaw 2026.9.6: its HTTP server (which also accepts WebSocket
 * upgrades) answers any request carrying a non-WebSocket {@code Upgrade} header with {@code 400 Invalid Upgrade header}.
 * The JDK HttpClient's default (HTTP/2) adds {@code Upgrade: h2c} to plain-http requests, so a healthy gateway looked
 * down and gatewarden restarted it. This server answers exactly like the real gateway did.
 */
class GatewayHealthProbeUpgradeTest {
    private ServerSocket server;
    private Thread loop;
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startGatewayLikeServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        loop = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    answer(s);
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        }, "gateway-like-server");
        loop.setDaemon(true);
        loop.start();
    }

    private void answer(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        List<String> head = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) head.add(line);
        requestHeads.add(String.join("\n", head));
        boolean badUpgrade = head.stream().anyMatch(h -> h.toLowerCase().startsWith("upgrade:") && !h.toLowerCase().contains("websocket"));
        String path = head.isEmpty() ? "" : head.get(0).split(" ")[1];
        String body = badUpgrade ? "Invalid Upgrade header"
                : path.equals("/healthz") ? "{\"ok\":true,\"status\":\"live\"}"
                : "{\"ok\":true,\"status\":\"started\",\"version\":\"2026.9.6\",\"uptimeMs\":17000}";
        String status = badUpgrade ? "400 Bad Request" : "200 OK";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + (badUpgrade ? "text/plain" : "application/json")
                + "\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aHealthyGatewayThatRejectsH2cUpgradesIsLiveAndStarted() {
        GatewayHealthProbe probe = new GatewayHealthProbe("http://127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(3));

        GatewayHealthProbe.Result health = probe.healthz();
        GatewayHealthProbe.Result startup = probe.startupz();

        assertThat(health.ok()).as(health.detail()).isTrue();
        assertThat(health.status()).isEqualTo(200);
        assertThat(startup.ok()).as(startup.detail()).isTrue();
        assertThat(requestHeads).isNotEmpty().allSatisfy(h -> assertThat(h.toLowerCase()).doesNotContain("upgrade"));
    }
}
