package io.gatewarden.tail;

import io.gatewarden.testsupport.SeededRuns;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

    record Seen(List<String> lines, List<long[]> ranges, int skipped) {}

    private static Seen split(byte[] data, int chunk, int cap) {
        List<String> lines = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        int[] skipped = {0};
        LineSplitter s = new LineSplitter(cap);
        s.reset(0);
        LineSplitter.Output out = new LineSplitter.Output() {
            @Override public void line(byte[] b, int from, int to, long off, long next) {
                lines.add(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
                ranges.add(new long[]{off, next});
            }
            @Override public void skipped(long off, long next) {
                skipped[0]++;
                ranges.add(new long[]{off, next});
            }
        };
        for (int i = 0; i < data.length; i += chunk) s.feed(data, i, Math.min(chunk, data.length - i), out);
        return new Seen(lines, ranges, skipped[0]);
    }

    /** The reference: split the whole input at once with String operations. */
    private static Seen reference(byte[] data, int cap) {
        String all = new String(data, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        int skipped = 0;
        int start = 0;
        int nl;
        while ((nl = all.indexOf('\n', start)) >= 0) {
            String line = all.substring(start, nl);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.length() > cap) skipped++;
            else lines.add(line);
            ranges.add(new long[]{start, nl + 1});
            start = nl + 1;
        }
        return new Seen(lines, ranges, skipped);
    }

    @Test
    void chunkingNeverChangesTheLines() {
        byte[] alphabet = {'a', 'b', '\n', '\r', (byte) 0xC3, 0};
        SeededRuns.forEach(300, r -> {
            byte[] data = new byte[r.nextInt(401)];
            for (int i = 0; i < data.length; i++) data[i] = alphabet[r.nextInt(alphabet.length)];
            int chunk = 1 + r.nextInt(64);
            int cap = 1 + r.nextInt(12);
            Seen got = split(data, chunk, cap);
            Seen want = reference(data, cap);
            String what = "chunk " + chunk + ", cap " + cap + ", data " + java.util.Arrays.toString(data);
            assertThat(got.lines()).as(what).isEqualTo(want.lines());
            assertThat(got.skipped()).as(what).isEqualTo(want.skipped());
            assertThat(got.ranges()).as(what).usingRecursiveFieldByFieldElementComparator().isEqualTo(want.ranges());
        });
    }
}
