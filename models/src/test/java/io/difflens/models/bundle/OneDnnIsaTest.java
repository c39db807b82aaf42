package io.difflens.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a process is told that oneDNN runs uncapped on an AVX-512 CPU. */
class OneDnnIsaTest {

  private static final String AVX512_CPU =
      "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx2 avx512f avx512dq avx512bw\n";
  private static final String AVX2_CPU = "processor\t: 0\nflags\t\t: fpu sse2 avx2 fma\n";

  @Test
  void anAvx512CpuWithoutTheCapIsWarnedAbout() {
    assertThat(OneDnnIsa.warning(Map.of(), AVX512_CPU))
        .hasValueSatisfying(w -> assertThat(w).contains("ONEDNN_MAX_CPU_ISA=AVX2"));
  }

  @Test
  void theCapEitherNameOrACpuWithoutAvx512IsQuiet() {
    assertThat(OneDnnIsa.warning(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), AVX512_CPU)).isEmpty();
    assertThat(OneDnnIsa.warning(Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE"), AVX512_CPU)).isEmpty();
    assertThat(OneDnnIsa.warning(Map.of(), AVX2_CPU)).isEmpty();
    // a flag named in another line (bugs, power management) is not the CPU's
    assertThat(OneDnnIsa.warning(Map.of(), AVX2_CPU + "bugs\t\t: avx512f\n")).isEmpty();
  }
}
