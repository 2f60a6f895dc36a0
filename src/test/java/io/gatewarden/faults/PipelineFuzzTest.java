package io.gatewarden.faults;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for the whole detection pipeline (the checks of {@link PipelinePropertyTest}): the input is a piece of
 * a log file, split at '\n'; fed live and replayed from a file, it never throws, no listener fails and every line is
 * counted once. Regression inputs: {@code src/test/resources/io/gatewarden/faults/PipelineFuzzTestInputs/}.
 */
class PipelineFuzzTest {
    private static final int MAX_LINES = 300;
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("gw-pipeline-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void logChunk(byte[] chunk) {
        List<byte[]> lines = lines(chunk);
        PipelinePropertyTest.live(lines);
        PipelinePropertyTest.replay(DIR, lines);
    }

    /** The lines of {@code chunk} as the reader sees them: split at '\n', a '\r' before it dropped; at most {@link #MAX_LINES}. */
    static List<byte[]> lines(byte[] chunk) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= chunk.length && out.size() < MAX_LINES; i++) {
            if (i == chunk.length || chunk[i] == '\n') {
                int end = i > start && i < chunk.length && chunk[i - 1] == '\r' ? i - 1 : i;
                if (i < chunk.length || end > start) out.add(Arrays.copyOfRange(chunk, start, end));
                start = i + 1;
            }
        }
        return out;
    }
}
