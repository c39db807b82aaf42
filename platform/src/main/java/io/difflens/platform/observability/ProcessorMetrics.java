package io.difflens.platform.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.difflens.platform.reactive.ProcessingStage;
import io.difflens.platform.reactive.ProcessorListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;

/**
 * The standard meters of a processor, fed by its {@link ProcessorListener} callbacks. Every meter is
 * tagged {@code processor=<name>}:
 * <ul>
 *   <li>{@code difflens.records.in}, {@code difflens.records.out} (counters): committed inputs and outputs</li>
 *   <li>{@code difflens.batch.size} (summary with histogram): inputs per committed batch</li>
 *   <li>{@code difflens.stage.latency} (timer with histogram, tag {@code stage}): per-stage time</li>
 *   <li>{@code difflens.dead.letters} (counter, tag {@code stage})</li>
 *   <li>{@code difflens.transactions.aborted} (counter)</li>
 *   <li>{@code difflens.consumer.lag} (gauge, tags {@code topic}, {@code partition})</li>
 * </ul>
 */
public final class ProcessorMetrics implements ProcessorListener {

    private final MeterRegistry registry;
    private final String processor;
    private final Counter recordsIn;
    private final Counter recordsOut;
    private final Counter aborted;
    private final DistributionSummary batchSize;
    private final Map<ProcessingStage, Timer> stageTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();

    /**
     * @param registry  where the meters live
     * @param processor the processor's name, used as the {@code processor} tag
     */
    public ProcessorMetrics(MeterRegistry registry, String processor) {
        this.registry = registry;
        this.processor = processor;
        this.recordsIn = Counter.builder("difflens.records.in").description("input records committed")
                .tag("processor", processor).register(registry);
        this.recordsOut = Counter.builder("difflens.records.out").description("output records committed")
                .tag("processor", processor).register(registry);
        this.aborted = Counter.builder("difflens.transactions.aborted").description("aborted transactions")
                .tag("processor", processor).register(registry);
        this.batchSize = DistributionSummary.builder("difflens.batch.size").description("input records per batch")
                .tag("processor", processor).publishPercentileHistogram().register(registry);
        for (ProcessingStage stage : ProcessingStage.values()) {
            stageTimers.put(stage, Timer.builder("difflens.stage.latency").description("time per processing stage")
                    .tag("processor", processor).tag("stage", stage.label()).publishPercentileHistogram()
                    .register(registry));
        }
    }

    @Override
    public void onStage(ProcessingStage stage, Duration elapsed) {
        stageTimers.get(stage).record(elapsed);
    }

    @Override
    public void onCommitted(int inputs, int outputs, int deadLetterCount) {
        recordsIn.increment(inputs);
        recordsOut.increment(outputs);
        batchSize.record(inputs);
    }

    @Override
    public void onAborted(Throwable cause, int attempt) {
        aborted.increment();
    }

    @Override
    public void onDeadLetter(String stage, Throwable cause) {
        deadLetters.computeIfAbsent(stage, s -> Counter.builder("difflens.dead.letters")
                .description("records sent to the dead-letter topic").tag("processor", processor).tag("stage", s)
                .register(registry)).increment();
    }

    @Override
    public void onLag(TopicPartition partition, long lag) {
        lags.computeIfAbsent(partition, tp -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("difflens.consumer.lag", holder, AtomicLong::get).description("records behind the log end")
                    .tag("processor", processor).tag("topic", tp.topic()).tag("partition", Integer.toString(tp.partition()))
                    .register(registry);
            return holder;
        }).set(lag);
    }
}
