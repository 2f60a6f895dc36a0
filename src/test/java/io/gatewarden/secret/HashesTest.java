package io.gatewarden.secret;

import io.gatewarden.api.ApiToken;
import io.gatewarden.breaker.ConfiguredProfiles;
import io.gatewarden.detect.ErrorNormalizer;
import io.gatewarden.gateway.GatewayConfigWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every form a caller writes to disk or shows, pinned to the bytes the hand-written digests produced before there was
 * one hasher (expected values from {@code sha256sum}): checkpoints, journal hashes, fingerprints and ids already on
 * disk must still match.
 */
class HashesTest {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void hexFormsOfOneDigest() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
        assertThat(Hashes.sha256Hex(abc)).isEqualTo(ABC);
        assertThat(Hashes.sha256Hex("abcdef".getBytes(StandardCharsets.UTF_8), 3)).as("first len bytes only").isEqualTo(ABC);
        assertThat(Hashes.sha256Hex("abc", 16)).isEqualTo(ABC.substring(0, 32));
        assertThat(Hashes.hex(Hashes.sha256("abc"))).isEqualTo(ABC);
        assertThat(Hashes.hex(Hashes.sha256("abc"), 4)).isEqualTo("ba7816bf");
        // text is hashed as UTF-8
        assertThat(Hashes.sha256Hex("clé-é", 16)).isEqualTo("382ebdc0066543f43778511ba367dea1");
        Path f = Files.write(dir.resolve("f"), abc);
        assertThat(Hashes.sha256Hex(f)).isEqualTo(ABC);
        Path big = Files.write(dir.resolve("big"), new byte[100_000]);
        assertThat(Hashes.sha256Hex(big)).as("read in chunks, same digest").isEqualTo(Hashes.sha256Hex(new byte[100_000]));
    }

    @Test
    void callersKeepTheirOutputs() {
        assertThat(Fingerprint.of("sk-fake-000")).isEqualTo("fp:e47a4c3a");
        assertThat(Fingerprint.ofDigest(Hashes.sha256("sk-fake-000"))).isEqualTo("fp:e47a4c3a");
        assertThat(Secret.of(" sk-fake-000\n").fingerprint()).isEqualTo("fp:e47a4c3a");
        assertThat(ApiToken.of("gatewarden-api-token-0123456789", "test").fingerprint()).isEqualTo("fp:fd95961c");
        assertThat(ConfiguredProfiles.hashOf("anthropic:default")).isEqualTo("sha256:154a23a3efe6");
        assertThat(ErrorNormalizer.fingerprint("a", "b")).isEqualTo("8fb20ef63ced");
        assertThat(ErrorNormalizer.fingerprint(null, "x")).isEqualTo("0561374e75d2");
        assertThat(GatewayConfigWriter.sha256("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(ABC);
    }
}
