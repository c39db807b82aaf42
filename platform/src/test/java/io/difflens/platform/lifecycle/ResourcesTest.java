package io.difflens.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void closesLastOpenedFirstAndKeepsGoingPastAFailure() {
        List<String> closed = new ArrayList<>();
        List<AutoCloseable> opened = List.of(
                () -> closed.add("registry"),
                () -> {
                    closed.add("producer");
                    throw new IllegalStateException("broker gone");
                },
                () -> closed.add("server"));
        Resources.closeInReverse(opened);
        assertThat(closed).containsExactly("server", "producer", "registry");
    }
}
