package io.gatewarden.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.gatewarden.gateway.Json5EditorMutationPropertyTest.FALLBACKS;
import static io.gatewarden.gateway.Json5EditorMutationPropertyTest.PRIMARY;

/**
 * Fuzz targets for {@link Json5Editor}: the input's first line is the new value (for the fallbacks, split at ','), the
 * rest is the document. Setting the primary or the fallbacks either refuses with a {@link Json5EditException} that
 * says why (only when the document or the path really is not there, or holds another type) or splices the value in
 * and leaves every other char alone (the checks of {@link Json5EditorMutationPropertyTest#check}). Regression inputs:
 * {@code src/test/resources/io/gatewarden/gateway/Json5EditorFuzzTestInputs/}.
 */
class Json5EditorFuzzTest {

    record Input(String value, String document) {
        static Input of(byte[] b) {
            String s = new String(b, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            return nl < 0 ? new Input(s, "") : new Input(s.substring(0, nl), s.substring(nl + 1));
        }
    }

    @FuzzTest(maxDuration = "5m")
    void setPrimary(byte[] input) throws Exception {
        Input in = Input.of(input);
        Json5EditorMutationPropertyTest.check(in.document(), PRIMARY, () -> Json5Editor.setString(in.document(), PRIMARY, in.value()),
                Json5EditorMutationPropertyTest.JsonNodeKind.STRING);
    }

    @FuzzTest(maxDuration = "5m")
    void setFallbacks(byte[] input) throws Exception {
        Input in = Input.of(input);
        List<String> values = in.value().isEmpty() ? List.of() : Arrays.asList(in.value().split(",", -1));
        Json5EditorMutationPropertyTest.check(in.document(), FALLBACKS, () -> Json5Editor.setStringList(in.document(), FALLBACKS, values),
                Json5EditorMutationPropertyTest.JsonNodeKind.ARRAY);
    }
}
