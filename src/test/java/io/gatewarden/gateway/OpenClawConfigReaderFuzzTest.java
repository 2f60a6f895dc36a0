package io.gatewarden.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatewarden.secret.Redactor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for reading {@code openclaw.json} (JSON5, {@code $include}, legacy auth files; see {@link FuzzConfigDir}
 * for the input's layout): any file gives a {@link GatewayConfig} or a {@link ConfigError} whose one-line message
 * names the file, never another exception; its reason never quotes a key-shaped value; a text the editor accepts
 * the reader accepts too. Regression inputs: {@code src/test/resources/io/gatewarden/gateway/OpenClawConfigReaderFuzzTestInputs/}.
 */
class OpenClawConfigReaderFuzzTest {
    private static final FuzzConfigDir DIR = new FuzzConfigDir("gw-reader-fuzz");
    private final OpenClawConfigReader reader = new OpenClawConfigReader();

    @FuzzTest(maxDuration = "5m")
    void readConfig(byte[] input) {
        Path file = DIR.write(input);
        if (file == null) return;
        GatewayConfig cfg;
        try {
            cfg = reader.read(file);
        } catch (ConfigError e) {
            assertThat(e.reason()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
            assertThat(e.reason().length()).isLessThanOrEqualTo(301);
            assertThat(e.getMessage()).startsWith(e.file().toString());
            assertThat(e.line()).isNotNegative();
            // the reason never quotes a config value that looks like a key (a file the config names may, as a path)
            if (!e.reason().contains("file")) assertThat(Redactor.mask(e.reason())).as("the error quotes no key").isEqualTo(e.reason());
            cfg = null;
        }
        if (cfg != null) {
            assertThat(cfg.configFile()).isEqualTo(file);
            assertThat(cfg.sourceFiles()).contains(file);
        }
        String text = strictUtf8(input);
        if (text != null && !text.contains("\n" + FuzzConfigDir.AUTH_MARKER + "\n") && editorAccepts(text)) {
            try {
                Json5Reader.parse(file, text);
            } catch (ConfigError e) {
                throw new AssertionError("the editor reads this text, the reader refuses it: " + e.getMessage(), e);
            }
        }
    }

    private static boolean editorAccepts(String text) {
        try {
            Json5Editor.parse(text);
            return true;
        } catch (Json5EditException e) {
            return false;
        }
    }

    static String strictUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
