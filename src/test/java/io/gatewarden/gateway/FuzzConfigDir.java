package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A folder for fuzz targets that read an {@code openclaw.json} from disk: the fuzzed text is written as
 * {@code openclaw.json} (and, after a line {@value #AUTH_MARKER}, the rest as {@code auth-profiles.json}); two
 * files sit beside it for {@code $include} to find. A document whose {@code $include} names anything but a plain
 * file name in this folder is not written ({@link #write} returns null): the reader would follow it anywhere on
 * the machine (a FIFO or {@code /dev/zero} would block or never end), and the fuzzer should not go there.
 */
public final class FuzzConfigDir {
    public static final String AUTH_MARKER = "//-- auth-profiles.json";
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,40}");
    private final Path dir;
    private final Path config;
    private final Path auth;

    public FuzzConfigDir(String prefix) {
        try {
            dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            config = dir.resolve("openclaw.json");
            auth = dir.resolve(OpenClawConfigReader.LEGACY_AUTH_FILE);
            Files.writeString(dir.resolve("base.json5"), "{agents: {defaults: {model: {primary: 'anthropic/claude-sonnet-4-5', fallbacks: ['openai/gpt-5']}}}}\n");
            Files.writeString(dir.resolve("providers.json5"), "{models: {mode: 'merge', providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', models: [{id: 'llama3.3', name: 'l'}]}}}}\n");
            for (String f : new String[]{"base.json5", "providers.json5"}) dir.resolve(f).toFile().deleteOnExit();
            config.toFile().deleteOnExit();
            auth.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the input; returns the config's path, or null when its includes would leave this folder. */
    public Path write(byte[] input) {
        byte[] cfg = input;
        byte[] authBytes = null;
        int at = indexOf(input, ("\n" + AUTH_MARKER + "\n").getBytes(StandardCharsets.UTF_8));
        if (at >= 0) {
            cfg = java.util.Arrays.copyOfRange(input, 0, at);
            authBytes = java.util.Arrays.copyOfRange(input, at + AUTH_MARKER.length() + 2, input.length);
        }
        if (!includesStayHere(cfg) || (authBytes != null && !includesStayHere(authBytes))) return null;
        try {
            Files.write(config, cfg);
            if (authBytes != null) Files.write(auth, authBytes);
            else Files.deleteIfExists(auth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    public Path dir() {
        return dir;
    }

    private boolean includesStayHere(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return true; // the reader refuses it before parsing
        }
        try {
            return safe(Json5Reader.parse(config, text).root());
        } catch (ConfigError e) {
            return true; // not parsed, so nothing is included
        }
    }

    private static boolean safe(JsonNode n) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (e.getKey().equals("$include")) {
                    JsonNode v = e.getValue();
                    if (v.isTextual() && !plain(v.textValue())) return false;
                    if (v.isArray()) for (JsonNode x : v) if (x.isTextual() && !plain(x.textValue())) return false;
                }
                if (!safe(e.getValue())) return false;
            }
        } else if (n.isArray()) {
            for (JsonNode x : n) if (!safe(x)) return false;
        }
        return true;
    }

    private static boolean plain(String name) {
        return PLAIN_NAME.matcher(name).matches() && !name.chars().allMatch(c -> c == '.');
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
