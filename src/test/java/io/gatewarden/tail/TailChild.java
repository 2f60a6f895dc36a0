package io.gatewarden.tail;

import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A small consumer run in a child JVM by {@link TailKillTest}: tails {@code <logDir>/*.log} and appends every line
 * with its position to {@code <out>}. Exactly-once across kill -9 the way the daemon can do it: the sink appends the
 * batch, then records (output length, batch checkpoints) in ONE atomic state file; on start, output beyond the
 * recorded length (appended but never committed) is cut off and the tailer resumes from the recorded checkpoints.
 * <p>
 * Usage: {@code TailChild <logDir> <stateFile> <outFile>}
 */
public final class TailChild {
    private TailChild() {}

    public static void main(String[] args) throws Exception {
        Path logDir = Path.of(args[0]);
        Path state = Path.of(args[1]);
        Path out = Path.of(args[2]);

        Checkpoints saved = null;
        long committedLength = 0;
        if (Files.exists(state)) {
            String s = Files.readString(state, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            committedLength = Long.parseLong(s.substring(0, nl));
            saved = Checkpoints.fromJson(s.substring(nl + 1));
        }
        FileChannel output = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        System.out.println("resume: committed " + committedLength + " bytes, discarding " + (output.size() - committedLength)
                + " uncommitted bytes");
        output.truncate(committedLength); // drop what was written after the last commit: it comes again
        output.position(committedLength);
        long[] length = {committedLength};

        TailSink sink = batch -> {
            StringBuilder sb = new StringBuilder();
            for (TailLine l : batch.lines()) {
                LinePosition p = l.position();
                sb.append(l.text()).append('\t').append(p.fileKey()).append('\t').append(p.offset())
                        .append('\t').append(p.nextOffset()).append('\n');
            }
            ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) length[0] += output.write(b);
            commit(state, length[0], batch.checkpoints());
        };
        TailSettings settings = TailSettings.defaults()
                .withPaths(List.of(logDir.resolve("*.log").toString()))
                .withPollInterval(Duration.ofMillis(10))
                .withFromStart(true)
                .withRotateWait(Duration.ofSeconds(1));
        LogTailer tailer = new LogTailer(settings, CheckpointStore.consumerOwned(saved), sink, Clock.systemUTC());
        tailer.start();
        System.out.println("tailing");
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }

    private static void commit(Path state, long length, Checkpoints checkpoints) throws IOException {
        AtomicFiles.write(state, length + "\n" + checkpoints.toJson());
    }
}
