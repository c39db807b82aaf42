package io.difflens.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code train all} adds to each recipe's environment, and that the user's settings win. */
class TrainAllEnvironmentTest {

  @Test
  void twoJobsGetOneOpenMpThreadEachAndEveryJobGetsTheMallocThresholds() {
    Map<String, String> env = new HashMap<>(Map.of("PATH", "/bin"));
    TrainAll.childEnvironment(env, 2);
    assertThat(env)
        .containsEntry("PATH", "/bin")
        .containsEntry("OMP_NUM_THREADS", "1")
        .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432")
        .containsEntry("MALLOC_TRIM_THRESHOLD_", "1073741824")
        .containsEntry("ONEDNN_MAX_CPU_ISA", "AVX2");

    Map<String, String> alone = new HashMap<>();
    TrainAll.childEnvironment(alone, 1);
    assertThat(alone).doesNotContainKey("OMP_NUM_THREADS").containsAllEntriesOf(TrainAll.GLIBC_MALLOC);
  }

  @Test
  void whatTheUserSetIsKept() {
    Map<String, String> env = new HashMap<>(Map.of("OMP_NUM_THREADS", "2", "MALLOC_TRIM_THRESHOLD_", "0"));
    TrainAll.childEnvironment(env, 2);
    assertThat(env)
        .containsEntry("OMP_NUM_THREADS", "2")
        .containsEntry("MALLOC_TRIM_THRESHOLD_", "0")
        .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432");

    // oneDNN's older name for the same cap counts as the user's choice
    Map<String, String> older = new HashMap<>(Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE"));
    TrainAll.childEnvironment(older, 2);
    assertThat(older).doesNotContainKey("ONEDNN_MAX_CPU_ISA");
  }
}
