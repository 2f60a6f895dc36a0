package io.gatewarden.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EnqueueStageTest {
    @TempDir Path tmp;
    final List<String> woken = new ArrayList<>();

    @Test
    void theNotificationIsOnDiskBeforeTheFlushRemembersItAndTheReceiverIsWoken() throws Exception {
        StageParts parts = new StageParts(tmp);
        Outbox outbox = parts.outbox("hook");
        EnqueueStage enqueue = new EnqueueStage(outbox, Duration.ofSeconds(1), woken::add, parts.log);
        StageParts.RecordingFlush flush = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of());

        assertThat(enqueue.exec(flush)).isEqualTo(NotifyStage.Outcome.QUEUED);
        assertThat(flush.told).hasSize(1);
        Notification n = flush.told.get(0);
        Path file = tmp.resolve("alert/outbox/hook/%019d-%s.json".formatted(n.seq(), n.idempotencyKey()));
        assertThat(file).exists();
        assertThat(outbox.queue("hook").size()).isEqualTo(1);
        assertThat(woken).containsExactly("hook");
        assertThat(enqueue.queued.get()).isEqualTo(1);

        // the same notification again (same key) is not queued twice
        StageParts.RecordingFlush again = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of()) {
            @Override
            Notification build(long seq) {
                return n;
            }
        };
        assertThat(enqueue.exec(again)).isEqualTo(NotifyStage.Outcome.QUEUED);
        assertThat(enqueue.queued.get()).isEqualTo(1);
        assertThat(outbox.queue("hook").size()).isEqualTo(1);
    }

    @Test
    void anOutboxThatCannotBeWrittenHoldsTheFlushAndChangesNothing() throws Exception {
        StageParts parts = new StageParts(tmp);
        Files.createDirectories(tmp.resolve("alert/outbox"));
        Files.writeString(tmp.resolve("alert/outbox/hook"), "a file where the receiver's folder should be");
        Outbox outbox = parts.outbox("hook");
        EnqueueStage enqueue = new EnqueueStage(outbox, Duration.ofSeconds(1), woken::add, parts.log);
        // the outbox keeps a bounded number in memory while the disk refuses writes; past that, the write fails
        for (int i = 0; i < Outbox.MAX_IN_MEMORY; i++) {
            assertThat(enqueue.exec(new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of()))).isEqualTo(NotifyStage.Outcome.QUEUED);
        }
        woken.clear();
        StageParts.RecordingFlush flush = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of());

        assertThat(enqueue.exec(flush)).isEqualTo(NotifyStage.Outcome.NOT_WRITTEN);
        assertThat(flush.retryAt).isEqualTo(parts.clock.instant().plusSeconds(1));
        assertThat(flush.told).isEmpty();
        assertThat(woken).isEmpty();
        assertThat(outbox.queue("hook").size()).isEqualTo(Outbox.MAX_IN_MEMORY);
        try (Stream<Path> files = Files.list(tmp.resolve("alert/outbox"))) {
            assertThat(files.filter(Files::isDirectory)).isEmpty();
        }
    }
}
