package io.difflens.trainer.online;

import java.util.Objects;
import java.util.Optional;

import io.difflens.models.lora.LoraConfig;
import io.difflens.platform.config.ConfigValues;

/**
 * How the online LoRA trainer runs. Keys (under {@code trainer.}): {@code adapter.id}, {@code group.id},
 * {@code transactional.id}, {@code lora.rank}, {@code lora.alpha}, {@code lora.dropout},
 * {@code learning.rate}, {@code micro.batch}, {@code eval.every.steps}, {@code heldout.size},
 * {@code caption.dropout}, {@code word.deletion}, {@code auto.promote}, {@code resume}, {@code seed},
 * {@code max.image.bytes}. How many examples one consumed batch holds is {@code processing.batch.size}.
 *
 * @param adapterId       the adapter's id: the key of its releases on {@code model.adapters}
 * @param groupId         consumer group of {@code training.examples}
 * @param transactionalId a stable id per instance, or empty for a random one
 * @param lora            rank, alpha, dropout; targets the UNet's cross-attention projections
 * @param learningRate    Adam's learning rate
 * @param microBatch      examples per optimizer step
 * @param evalEvery       optimizer steps between held-out evaluations
 * @param heldOutSize     the first examples kept aside as the held-out buffer
 * @param captionDropout  probability of training a step's example on the empty prompt (paper: 0.3)
 * @param wordDeletion    fraction of caption words deleted (paper's noisy captions: 0.3; 0 = off)
 * @param autoPromote     release improved adapters as PROMOTED (services switch at once), else CANDIDATE
 * @param resume          continue from the newest release of the adapter id (versions and weights)
 * @param seed            seed of initialisation, timesteps, noise and augmentation
 * @param maxImageBytes   largest encoded image accepted
 */
public record OnlineTrainerSettings(String adapterId, String groupId, Optional<String> transactionalId,
                                    LoraConfig lora, float learningRate, int microBatch, int evalEvery,
                                    int heldOutSize, double captionDropout, double wordDeletion,
                                    boolean autoPromote, boolean resume, long seed, int maxImageBytes) {

    /** Validates. */
    public OnlineTrainerSettings {
        if (adapterId == null || !adapterId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("trainer.adapter.id must be letters, digits, '.', '_' or '-', was '"
                    + adapterId + "'");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("trainer.group.id must not be blank, was '" + groupId + "'");
        }
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(lora, "lora");
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("trainer.learning.rate must be positive, was " + learningRate);
        }
        if (microBatch <= 0 || evalEvery <= 0 || heldOutSize <= 0 || maxImageBytes <= 0) {
            throw new IllegalArgumentException("trainer.micro.batch, .eval.every.steps, .heldout.size and "
                    + ".max.image.bytes must be positive, were " + microBatch + ", " + evalEvery + ", "
                    + heldOutSize + ", " + maxImageBytes);
        }
        if (!(captionDropout >= 0 && captionDropout <= 1) || !(wordDeletion >= 0 && wordDeletion < 1)) {
            throw new IllegalArgumentException("trainer.caption.dropout must be in [0, 1] and trainer.word.deletion "
                    + "in [0, 1), were " + captionDropout + ", " + wordDeletion);
        }
    }

    /**
     * Rank 8, alpha 8, Adam 1e-4, micro-batches of 4, an evaluation every 50 steps on 16 held-out examples,
     * caption dropout 0.3, no word deletion, auto-promotion, resuming.
     */
    public static OnlineTrainerSettings defaults() {
        return new OnlineTrainerSettings("online-lora", "difflens-online-trainer", Optional.empty(),
                LoraConfig.of(8, 8f), 1e-4f, 4, 50, 16, 0.3, 0.0, true, true, 0, 8 * 1024 * 1024);
    }

    /** Reads {@code trainer.*}. */
    public static OnlineTrainerSettings from(ConfigValues v) {
        OnlineTrainerSettings d = defaults();
        LoraConfig lora = new LoraConfig(v.integer("trainer.lora.rank", d.lora().rank(), 1, 4096),
                number(v, "trainer.lora.alpha", d.lora().alpha()), number(v, "trainer.lora.dropout", 0),
                LoraConfig.UNET_CROSS_ATTENTION);
        return new OnlineTrainerSettings(v.string("trainer.adapter.id", d.adapterId()),
                v.string("trainer.group.id", d.groupId()), v.get("trainer.transactional.id"), lora,
                number(v, "trainer.learning.rate", d.learningRate()),
                v.integer("trainer.micro.batch", d.microBatch(), 1, 1 << 16),
                v.integer("trainer.eval.every.steps", d.evalEvery(), 1, Integer.MAX_VALUE),
                v.integer("trainer.heldout.size", d.heldOutSize(), 1, 1 << 16),
                decimal(v, "trainer.caption.dropout", d.captionDropout()),
                decimal(v, "trainer.word.deletion", d.wordDeletion()),
                v.bool("trainer.auto.promote", d.autoPromote()), v.bool("trainer.resume", d.resume()),
                seed(v, d.seed()),
                v.integer("trainer.max.image.bytes", d.maxImageBytes(), 1, Integer.MAX_VALUE));
    }

    private static long seed(ConfigValues v, long defaultValue) {
        try {
            return Long.parseLong(v.string("trainer.seed", Long.toString(defaultValue)));
        } catch (NumberFormatException e) {
            throw v.invalid("trainer.seed", "not an integer");
        }
    }

    private static float number(ConfigValues v, String key, float defaultValue) {
        return (float) decimal(v, key, defaultValue);
    }

    private static double decimal(ConfigValues v, String key, double defaultValue) {
        String s = v.string(key, Double.toString(defaultValue));
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw v.invalid(key, "not a number");
        }
    }

    public OnlineTrainerSettings withAdapterId(String id) {
        return new OnlineTrainerSettings(id, groupId, transactionalId, lora, learningRate, microBatch, evalEvery,
                heldOutSize, captionDropout, wordDeletion, autoPromote, resume, seed, maxImageBytes);
    }

    public OnlineTrainerSettings withGroupId(String id) {
        return new OnlineTrainerSettings(adapterId, id, transactionalId, lora, learningRate, microBatch, evalEvery,
                heldOutSize, captionDropout, wordDeletion, autoPromote, resume, seed, maxImageBytes);
    }

    public OnlineTrainerSettings withLora(LoraConfig l) {
        return new OnlineTrainerSettings(adapterId, groupId, transactionalId, l, learningRate, microBatch, evalEvery,
                heldOutSize, captionDropout, wordDeletion, autoPromote, resume, seed, maxImageBytes);
    }

    public OnlineTrainerSettings withLearningRate(float lr) {
        return new OnlineTrainerSettings(adapterId, groupId, transactionalId, lora, lr, microBatch, evalEvery,
                heldOutSize, captionDropout, wordDeletion, autoPromote, resume, seed, maxImageBytes);
    }

    /** Micro-batch size, evaluation interval (steps) and held-out buffer size. */
    public OnlineTrainerSettings withSchedule(int micro, int every, int heldOut) {
        return new OnlineTrainerSettings(adapterId, groupId, transactionalId, lora, learningRate, micro, every,
                heldOut, captionDropout, wordDeletion, autoPromote, resume, seed, maxImageBytes);
    }

    /** Caption dropout probability and word-deletion fraction. */
    public OnlineTrainerSettings withAugmentation(double dropout, double deletion) {
        return new OnlineTrainerSettings(adapterId, groupId, transactionalId, lora, learningRate, microBatch,
                evalEvery, heldOutSize, dropout, deletion, autoPromote, resume, seed, maxImageBytes);
    }
}
