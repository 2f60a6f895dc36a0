package io.gatewarden.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert stores read through state.StateFile: a newer version's fields are ignored, a bad file is set aside, not overwritten. */
class AlertStateFilesTest {
    @TempDir Path tmp;

    @Test
    void anUnreadableSilencesFileIsSetAsideSoTheNextSaveDoesNotDestroyIt() throws Exception {
        StageParts parts = new StageParts(tmp);
        Path file = seed("silences.json", "[{\"id\": \"api-1\", \"matchers\": [\"provider=anthropic\"], truncated by a full disk");

        SilenceStore silences = parts.silences();
        assertThat(silences.list()).isEmpty();
        silences.add(new NewSilence(List.of("provider=openai"), null, null, Duration.ofHours(1), "test", null));

        assertThat(asideCopies(file)).singleElement()
                .satisfies(p -> assertThat(Files.readString(p)).contains("truncated by a full disk"));
        assertThat(parts.silences().list()).extracting(Silence::createdBy).containsExactly("test");
    }

    @Test
    void aNotificationLogEntryWithAFieldFromANewerVersionIsRead() throws Exception {
        StageParts parts = new StageParts(tmp);
        Path file = seed("nflog.json", """
                {"0/hook{}": {"firing": {"a1": "warning"}, "resolved": [], "at": "2026-11-23T09:59:00Z",
                              "generation": 3, "episode": "e1", "delivered_by": "a newer gatewarden"}}
                """);

        NotificationLog nflog = parts.nflog();
        assertThat(nflog.get("0/hook{}").generation()).isEqualTo(3);
        assertThat(nflog.shownFiring("a1")).isTrue();
        assertThat(asideCopies(file)).isEmpty();
    }

    @Test
    void anUnreadableSlackThreadFileIsSetAsideAndANewOneWritten() throws Exception {
        StageParts parts = new StageParts(tmp);
        Path file = seed("slack-team.json", "not json");

        SlackThreadStore threads = new SlackThreadStore(file, 10, parts.clock, parts.log);
        assertThat(threads.size()).isZero();
        threads.put("g#e", new SlackThreadStore.Thread("C1", "1.2", "k1", null));

        assertThat(asideCopies(file)).singleElement().satisfies(p -> assertThat(Files.readString(p)).isEqualTo("not json"));
        assertThat(new SlackThreadStore(file, 10, parts.clock, parts.log).get("g#e").ts()).isEqualTo("1.2");
    }

    /** A state file as an earlier (or later, or crashed) run left it. */
    private Path seed(String name, String content) throws Exception {
        Path file = tmp.resolve("alert").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static List<Path> asideCopies(Path file) throws Exception {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".corrupt-")).toList();
        }
    }
}
