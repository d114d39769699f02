package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDataTest {

    @Test
    void aliceHas42RecordingsAndBob7WithAFewStillProcessing() {
        List<DemoData.Recording> recordings = DemoData.generate().recordings();
        assertThat(recordings.stream().filter(r -> r.userId() == 1)).hasSize(42);
        assertThat(recordings.stream().filter(r -> r.userId() == 2)).hasSize(7);
        List<DemoData.Recording> processing = recordings.stream().filter(r -> r.status().equals("PROCESSING")).toList();
        assertThat(processing).extracting(DemoData.Recording::id).containsExactly(40L, 41L, 42L, 49L);
        assertThat(processing).allSatisfy(r -> {
            assertThat(r.transcript()).isNull();
            assertThat(r.summary()).isNull();
            assertThat(r.segments()).isEmpty();
            assertThat(r.completedAt()).isNull();
        });
        assertThat(recordings.stream().filter(r -> r.status().equals("COMPLETED")))
                .allSatisfy(r -> {
                    assertThat(r.transcript()).isNotBlank();
                    assertThat(r.segments()).isNotEmpty();
                    assertThat(r.tagIds()).isNotEmpty();
                });
    }

    @Test
    void generateIsDeterministic() {
        assertThat(DemoData.generate()).isEqualTo(DemoData.generate());
    }
}
