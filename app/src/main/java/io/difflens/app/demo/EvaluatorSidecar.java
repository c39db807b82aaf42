package io.difflens.app.demo;

import io.difflens.app.local.LocalPipeline;
import io.difflens.evaluator.dashboard.Dashboard;
import io.difflens.evaluator.dashboard.DashboardConfig;
import io.difflens.evaluator.dashboard.MetricSeriesStore;
import io.difflens.evaluator.streams.EvaluatorConfig;
import io.difflens.evaluator.streams.EvaluatorTopology;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** The evaluator's Streams app and its dashboard, next to the demo's pipeline. */
final class EvaluatorSidecar implements AutoCloseable {

    private final KafkaStreams streams;
    private final Dashboard dashboard;

    private EvaluatorSidecar(KafkaStreams streams, Dashboard dashboard) {
        this.streams = streams;
        this.dashboard = dashboard;
    }

    static EvaluatorSidecar start(LocalPipeline pipeline, Path stateDir, PrintWriter err) {
        TopicCatalog topics = pipeline.config().topics();
        SchemaRegistryClient registry = pipeline.registry();
        AvroSerdeConfig serde = AvroSerdeConfig.defaults();
        EvaluatorConfig config = EvaluatorConfig.tumbling(
                topics.topic(EventTopic.VQA_ANSWERS, Serdes.String(),
                        AvroSerde.specific(VqaAnswer.class, registry, serde, false)),
                topics.topic(EventTopic.ITM_SCORES, Serdes.String(),
                        AvroSerde.specific(ItmScores.class, registry, serde, false)),
                topics.topic(EventTopic.VQA_LABELS, Serdes.String(),
                        AvroSerde.specific(Label.class, registry, serde, false)),
                topics.topic(EventTopic.METRICS, Serdes.String(),
                        AvroSerde.specific(MetricSnapshot.class, registry, serde, false)),
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ZERO);
        Properties p = EvaluatorTopology.streamsProperties("difflens-demo-evaluator", pipeline.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        KafkaStreams streams = new KafkaStreams(EvaluatorTopology.buildTopology(config), p);
        streams.start();
        try {
            Dashboard dashboard = Dashboard.start(pipeline.config().kafka().consumerProperties(),
                    topics.name(EventTopic.METRICS), new AvroDeserializer<>(registry, MetricSnapshot.class),
                    new MetricSeriesStore(), DashboardConfig.localDefaults().withPort(0));
            err.println("difflens demo: evaluator dashboard at " + dashboard.url());
            err.flush();
            return new EvaluatorSidecar(streams, dashboard);
        } catch (RuntimeException e) {
            streams.close(Duration.ofSeconds(10));
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            dashboard.close();
        } finally {
            streams.close(Duration.ofSeconds(10));
        }
    }
}
