package io.gatewarden.gateway;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one local-endpoint rule: the union of what the lint and the switcher each accepted before, shape by shape. */
class LocalUrlsTest {

    @Test
    void loopbackInEverySpelling() {
        assertLocal("http://127.0.0.1:11434", "http://127.8.9.10", "http://localhost:1234/v1", "http://LOCALHOST",
                "http://ollama.localhost", "http://[::1]:8000", "http://[0:0:0:0:0:0:0:1]/v1", "http://[0::1]",
                "http://[::ffff:127.0.0.1]:11434", "localhost:11434", "127.0.0.1:8080");
    }

    @Test
    void thisHost() {
        assertLocal("http://0.0.0.0:11434", "http://[::]:11434");
    }

    @Test
    void privateRanges_cgnat_linkLocal() {
        assertLocal("http://10.1.2.3", "http://172.16.0.1", "http://172.20.0.1/v1", "http://172.31.255.255",
                "http://192.168.0.9", "http://192.168.1.20:11434/v1", "http://100.64.0.1", "http://100.100.1.1",
                "http://169.254.169.254", "http://169.254.10.1:8000", "http://[::ffff:192.168.1.2]");
        assertRemote("http://172.15.0.1", "http://172.32.0.1", "http://100.63.0.1", "http://100.128.0.1",
                "http://192.169.0.1", "http://169.253.0.1", "http://8.8.8.8", "https://8.8.8.8/v1", "http://[::ffff:8.8.8.8]",
                "http://256.1.1.1");
    }

    @Test
    void ipv6UniqueLocal_linkLocal_siteLocal() {
        assertLocal("http://[fd12::1]/v1", "http://[fc00::5]", "http://[fe80::1]:11434", "http://[fe80::1%25eth0]:11434",
                "http://[fec0::1]");
        assertRemote("http://[2001:db8::1]", "http://[2606:4700::1111]");
    }

    @Test
    void localNames_mdnsAndSingleLabel() {
        assertLocal("http://mac.local:11434", "http://gpu-box:8000/v1", "http://cafe:8080", "http://ollama");
        assertRemote("https://api.openai.com/v1", "https://ollama.com", "http://ollama.example.internal.corp.com");
    }

    @Test
    void unixSockets() {
        assertLocal("unix:/var/run/ollama.sock", "unix:///var/run/ollama.sock", "http+unix://%2Fvar%2Frun%2Follama.sock/v1",
                "HTTPS+UNIX://%2Ftmp%2Fllm.sock", "http://unix:/var/run/ollama.sock:/v1");
    }

    @Test
    void nothingOrTemplatesAreNotLocal() {
        assertRemote("", "   ", "${BASE_URL}", "http://${HOST}:8000", "not a url at all");
        assertThat(LocalUrls.isLocal(null)).isFalse();
    }

    @Test
    void namesAreNeverLookedUp() {
        // a name that would resolve to loopback on many machines is still judged by its shape only
        assertRemote("http://localtest.me", "http://127.0.0.1.nip.io");
    }

    private static void assertLocal(String... urls) {
        assertThat(List.of(urls)).allSatisfy(u -> assertThat(LocalUrls.isLocal(u)).as(u).isTrue());
    }

    private static void assertRemote(String... urls) {
        assertThat(List.of(urls)).allSatisfy(u -> assertThat(LocalUrls.isLocal(u)).as(u).isFalse());
    }
}
