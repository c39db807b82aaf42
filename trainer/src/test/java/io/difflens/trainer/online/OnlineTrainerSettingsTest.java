package io.difflens.trainer.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.difflens.models.lora.LoraConfig;
import io.difflens.platform.config.ConfigValues;
import org.junit.jupiter.api.Test;

class OnlineTrainerSettingsTest {

    private static OnlineTrainerSettings from(Map<String, String> values) {
        return OnlineTrainerSettings.from(ConfigValues.of(values, "test"));
    }

    @Test
    void noKeysGiveTheDefaults() {
        assertThat(from(Map.of())).isEqualTo(OnlineTrainerSettings.defaults());
        assertThat(OnlineTrainerSettings.defaults().lora().targetPattern()).isEqualTo(LoraConfig.UNET_CROSS_ATTENTION);
        assertThat(OnlineTrainerSettings.defaults().captionDropout()).isEqualTo(0.3);
    }

    @Test
    void keysOverrideTheDefaults() {
        OnlineTrainerSettings s = from(Map.of("trainer.adapter.id", "sft-2", "trainer.lora.rank", "4",
                "trainer.lora.alpha", "16", "trainer.learning.rate", "0.001", "trainer.micro.batch", "8",
                "trainer.eval.every.steps", "10", "trainer.heldout.size", "32", "trainer.word.deletion", "0.3",
                "trainer.auto.promote", "false", "trainer.seed", "42"));
        assertThat(s.adapterId()).isEqualTo("sft-2");
        assertThat(s.lora().rank()).isEqualTo(4);
        assertThat(s.lora().scaling()).isEqualTo(4f);
        assertThat(s.learningRate()).isEqualTo(0.001f);
        assertThat(s.microBatch()).isEqualTo(8);
        assertThat(s.evalEvery()).isEqualTo(10);
        assertThat(s.heldOutSize()).isEqualTo(32);
        assertThat(s.wordDeletion()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.autoPromote()).isFalse();
        assertThat(s.seed()).isEqualTo(42);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> from(Map.of("trainer.learning.rate", "fast"))).hasMessageContaining(
                "trainer.learning.rate");
        assertThatThrownBy(() -> from(Map.of("trainer.seed", "x"))).hasMessageContaining("trainer.seed");
        assertThatThrownBy(() -> from(Map.of("trainer.caption.dropout", "2"))).hasMessageContaining(
                "trainer.caption.dropout");
        assertThatThrownBy(() -> from(Map.of("trainer.adapter.id", "a b"))).hasMessageContaining("'a b'");
    }
}
