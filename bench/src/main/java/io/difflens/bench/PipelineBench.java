package io.difflens.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.suites.SynthVqa;
import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.ExtractorSettings;
import io.difflens.featureextractor.FeatureExtractorService;
import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.bundle.ComputeTarget;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureInput;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import io.difflens.platform.reactive.ProcessingStage;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.EmbeddedSchemaRegistry;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.registry.RegistryClientConfig;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicProvisioner;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end benchmark of the VQA pipeline, in one run: (1) the bare pipeline, images decoded and the same
 * bundle called in a loop with the same batch size, no Kafka; (2) the co-located worker over the embedded
 * broker at saturation (every request published at once), and the ratio of the two throughputs; (3) the
 * end-to-end latency (request creation to answer) at 50% and 90% of the saturated rate, requests published
 * at a steady rate. Timing belongs here, never in a test.
 *
 * <pre>
 * java -cp ... io.difflens.bench.PipelineBench [--requests N] [--batch B] [--bundle DIR] [--overlap true|false]
 *     [--warmup N]
 * </pre>
 *
 * {@code --overlap} sets {@code processing.commit.overlap} for the worker (default true): whether batch k's
 * commit runs while batch k+1 is transformed. {@code --warmup N}: requests sent through the Kafka path before
 * it is measured (default 4 batches; the bare loop is always warmed on the measured inputs themselves).
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int n = Integer.parseInt(a.getOrDefault("requests", "256"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "8"));
        String overlap = a.getOrDefault("overlap", "true");
        int warmup = Integer.parseInt(a.getOrDefault("warmup", Integer.toString(4 * batch)));
        Path scratch = Files.createTempDirectory("difflens-bench-");
        Path bundleDir = a.containsKey("bundle") ? Path.of(a.get("bundle"))
                : Files.isRegularFile(Path.of("zoo", "tiny", BundleConfig.FILE)) ? Path.of("zoo", "tiny") : null;
        ModelBundle bundle = bundleDir != null ? ModelBundle.load(bundleDir)
                : ModelBundle.load(MicroBundles.create(scratch.resolve("micro")), ComputeTarget.cpu());
        System.out.println("bundle: " + (bundleDir != null ? bundleDir : "micro (random; zoo/tiny missing)")
                + ", batch " + batch + ", " + n + " requests, processing.commit.overlap=" + overlap + ", kafka warm-up "
                + warmup + " requests");
        List<VqaRequest> warm = requests(100, warmup);
        List<VqaRequest> measured = requests(101, n);

        bare(bundle, warm.subList(0, Math.min(warm.size(), 4 * batch)), batch);
        bare(bundle, measured, batch); // JIT and native warm-up on the very inputs measured below
        double bareBefore = bare(bundle, measured, batch);
        System.out.printf(Locale.ROOT, "bare pipeline: %.2f requests/s%n", bareBefore);

        StageTimes stages = new StageTimes();
        try (Stack stack = Stack.start(scratch.resolve("stack"), batch, overlap)) {
            FeatureExtractorService worker = FeatureExtractorService.start(stack.config, stack.registry, bundle,
                    ExtractorSettings.from(stack.config.values(), ExtractorMode.COLOCATED).withFollowAdapters(false),
                    stages);
            try (Answers answers = new Answers(stack)) {
                stack.publish(warm, 0, answers);
                answers.await(warm.size());
                stages.reset();
                answers.mark();
                CpuClock cpu = CpuClock.start();
                long t0 = System.nanoTime();
                stack.publish(measured, 0, answers);
                long t1 = answers.await(warm.size() + measured.size());
                System.out.println("per transaction at saturation: " + stages);
                System.out.println("cpu at saturation: " + cpu.since(t0, t1));
                double saturated = measured.size() / ((t1 - t0) / 1e9);
                // The same run without its start (publishing, filling and processing the first batch): answers
                // after the first poll that returned any, over the time from that poll to the last answer.
                double steady = (measured.size() - answers.firstCount) / ((t1 - answers.firstNanos) / 1e9);
                // bare again right after, so machine load drifting during the run shows up in both
                double bareAfter = bare(bundle, measured, batch);
                double bare = (bareBefore + bareAfter) / 2;
                System.out.printf(Locale.ROOT, "bare pipeline again: %.2f requests/s (mean %.2f)%n", bareAfter, bare);
                System.out.printf(Locale.ROOT, "kafka pipeline at saturation: %.2f requests/s; ratio %.3f%n",
                        saturated, saturated / bare);
                System.out.printf(Locale.ROOT, "kafka pipeline after the first answers: %.2f requests/s; ratio %.3f;"
                        + " bare %.1f ms per batch%n", steady, steady / bare, batch * 1000 / bare);
                int done = warm.size() + measured.size();
                for (double share : new double[] {0.5, 0.9}) {
                    double rate = share * saturated;
                    int m = Math.max(40, (int) (rate * 20)); // about 20 s of traffic
                    List<VqaRequest> paced = requests(200 + (long) (share * 10), m);
                    answers.latencies.clear();
                    stack.publish(paced, rate, answers);
                    answers.await(done + m);
                    done += m;
                    List<Double> l = new ArrayList<>(answers.latencies.values());
                    l.sort(Double::compare);
                    System.out.printf(Locale.ROOT, "at %.0f%% (%.2f requests/s, %d requests): p50 %.1f ms, p99 %.1f ms%n",
                            share * 100, rate, m, percentile(l, 50), percentile(l, 99));
                }
            } finally {
                worker.close();
            }
        } finally {
            bundle.close();
        }
    }

    /** The same work as the worker, without Kafka: decode, preprocess, extract, answer, batch by batch. */
    static double bare(ModelBundle bundle, List<VqaRequest> requests, int batch) {
        FeatureExtractor extractor = new FeatureExtractor(bundle);
        Answerer answerer = new Answerer(bundle);
        ImagePreprocessor pre = new ImagePreprocessor(bundle.config().imageSize());
        long t0 = System.nanoTime();
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int from = 0; from < requests.size(); from += batch) {
            List<VqaRequest> part = requests.subList(from, Math.min(requests.size(), from + batch));
            List<FeatureInput> inputs = new ArrayList<>();
            for (VqaRequest r : part) {
                ByteBuffer data = ((InlineImage) r.getImage()).getData().duplicate();
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                ImageTensor image = pre.preprocess(bytes);
                inputs.add(FeatureInput.of(image, r.getPrompt()));
            }
            List<FeatureTensor> f = extractor.extract(inputs, extractor.defaults());
            List<AnswerInput> ask = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                ask.add(new AnswerInput(f.get(i), part.get(i).getPrompt()));
            }
            answerer.answer(ask, answerer.defaults());
        }
        long wall = System.nanoTime() - t0;
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        System.out.printf(Locale.ROOT, "  (bare: the calling thread on a CPU %.0f%% of the time)%n", 100.0 * cpu / wall);
        return requests.size() / (wall / 1e9);
    }

    static List<VqaRequest> requests(long seed, int n) {
        List<VqaRequest> out = new ArrayList<>();
        for (QuestionItem item : new SynthVqa(SuiteOptions.DEFAULT).generate(seed, n).items()) {
            byte[] png = item.image().bytes();
            out.add(VqaRequest.newBuilder().setId(item.id() + "-" + seed)
                    .setImage(InlineImage.newBuilder().setData(ByteBuffer.wrap(png)).setMediaType("image/png").build())
                    .setPrompt(item.prompt()).setTraceContext(Map.of()).setCreatedAt(Instant.now()).build());
        }
        return out;
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * CPU time of this JVM over an interval, split by thread (names with their numbers removed, so a pool
     * is one line); "JVM-internal" is the rest (JIT compilers, GC). On a shared machine it tells whether the
     * model thread waited for a CPU, and who else used it.
     */
    static final class CpuClock {
        private static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, String> names = new HashMap<>(); // before byThread: threadCpu() fills it
        private final long process = processCpu();
        private final Map<Long, Long> byThread = threadCpu();
        private final long jitMillis = jitMillis();
        private final long gcMillis = gcMillis();

        static CpuClock start() {
            return new CpuClock();
        }

        String since(long wallStart, long wallEnd) {
            double wall = wallEnd - wallStart;
            double processUsed = processCpu() - process;
            Map<String, Double> groups = new HashMap<>();
            double threadsUsed = 0;
            for (Map.Entry<Long, Long> e : threadCpu().entrySet()) {
                double used = e.getValue() - byThread.getOrDefault(e.getKey(), 0L);
                threadsUsed += used;
                groups.merge(names.get(e.getKey()).replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "")
                        .replaceAll("[0-9]+", "#"), used, Double::sum);
            }
            groups.put("JVM-internal (JIT, GC)", processUsed - threadsUsed);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "process %.2f cores busy on average;",
                    processUsed / wall));
            groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                    .forEach(g -> sb.append(String.format(Locale.ROOT, " %s %.0f%%", g.getKey(), 100 * g.getValue() / wall)));
            return sb.append(String.format(Locale.ROOT, " (of one core's wall time); JIT compiling %d ms, GC %d ms",
                    jitMillis() - jitMillis, gcMillis() - gcMillis)).toString();
        }

        private static long jitMillis() {
            return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }

        private static long gcMillis() {
            long sum = 0;
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                sum += Math.max(0, gc.getCollectionTime());
            }
            return sum;
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private Map<Long, Long> threadCpu() {
            Map<Long, Long> cpu = new HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                long c = THREADS.getThreadCpuTime(t.getId());
                if (c >= 0) {
                    cpu.put(t.getId(), c);
                    names.putIfAbsent(t.getId(), t.getName());
                }
            }
            return cpu;
        }
    }

    /** Mean time per transactional batch in each stage, from the processor's listener. */
    static final class StageTimes implements ProcessorListener {
        private final Map<ProcessingStage, java.util.concurrent.atomic.LongAdder> nanos = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();

        @Override
        public void onStage(ProcessingStage stage, Duration elapsed) {
            nanos.computeIfAbsent(stage, s -> new java.util.concurrent.atomic.LongAdder()).add(elapsed.toNanos());
        }

        @Override
        public void onCommitted(int inputs, int outputs, int deadLetters) {
            commits.increment();
        }

        void reset() {
            nanos.clear();
            commits.reset();
        }

        @Override
        public String toString() {
            long n = Math.max(1, commits.sum());
            StringBuilder sb = new StringBuilder(commits.sum() + " transactions;");
            for (ProcessingStage st : ProcessingStage.values()) {
                var a = nanos.get(st);
                sb.append(String.format(Locale.ROOT, " %s %.1f ms", st.label(), a == null ? 0 : a.sum() / 1e6 / n));
            }
            return sb.toString();
        }
    }

    /** Broker, registry and topics. */
    static final class Stack implements AutoCloseable {
        final EmbeddedKafkaBroker broker;
        final EmbeddedSchemaRegistry registryServer;
        final SchemaRegistryClient registry;
        final PlatformConfig config;
        final KafkaProducer<String, VqaRequest> producer;

        private Stack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registryServer, PlatformConfig config) {
            this.broker = broker;
            this.registryServer = registryServer;
            this.config = config;
            this.registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(registryServer.url()));
            Map<String, Object> p = config.kafka().producerProperties();
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            this.producer = new KafkaProducer<>(p, new StringSerializer(),
                    new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false));
        }

        static Stack start(Path dir, int batch, String commitOverlap) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                    .host("127.0.0.1").port(0).build().start();
            Map<String, String> v = new HashMap<>();
            v.put("kafka.bootstrap.servers", broker.bootstrapServers());
            v.put("registry.url", registry.url());
            v.put("topics.model.adapters.retention", "forever");
            v.put("processing.batch.size", Integer.toString(batch));
            v.put("processing.batch.max.wait", "20ms");
            v.put("processing.commit.overlap", commitOverlap);
            PlatformConfig config = PlatformConfig.from(ConfigValues.of(v, "bench"));
            try (Admin admin = Admin.create(config.kafka().adminProperties())) {
                new TopicProvisioner(admin, Duration.ofSeconds(30)).createMissing(config.topics().all());
            }
            return new Stack(broker, registry, config);
        }

        /** Publishes with fresh creation times, at {@code rate} per second (0 = as fast as possible). */
        void publish(List<VqaRequest> requests, double rate, Answers answers) throws InterruptedException {
            String topic = config.topics().name(EventTopic.VQA_REQUESTS);
            long start = System.nanoTime();
            for (int i = 0; i < requests.size(); i++) {
                if (rate > 0) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                VqaRequest r = VqaRequest.newBuilder(requests.get(i)).setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(topic, r.getId(), r));
                if (rate > 0) {
                    producer.flush();
                }
            }
            producer.flush();
        }

        @Override
        public void close() {
            producer.close();
            registryServer.close();
            broker.close();
        }
    }

    /** Collects committed answers: their count, the arrival of the last, and end-to-end latencies by id. */
    static final class Answers implements AutoCloseable {
        final Map<String, Double> latencies = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final AvroDeserializer<VqaAnswer> reader;
        private final String topic;
        private int count;
        private long lastNanos;
        private boolean marked;
        /** When the first answers after {@link #mark()} arrived, and how many came in that poll. */
        long firstNanos;
        int firstCount;

        Answers(Stack stack) {
            Map<String, Object> p = stack.config.kafka().consumerProperties();
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            reader = new AvroDeserializer<>(stack.registry, VqaAnswer.class);
            topic = stack.config.topics().name(EventTopic.VQA_ANSWERS);
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(x -> new TopicPartition(x.topic(), x.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        /** Makes the next poll that returns answers set {@link #firstNanos} and {@link #firstCount}. */
        void mark() {
            marked = true;
        }

        /** Polls until {@code total} answers arrived; returns the arrival time of the last. */
        long await(int total) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (count < total) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + count + " of " + total + " answers in 10 minutes");
                }
                var records = consumer.poll(Duration.ofMillis(5));
                if (marked && !records.isEmpty()) {
                    marked = false;
                    firstNanos = System.nanoTime();
                    firstCount = records.count();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    VqaAnswer a = reader.deserialize(r.topic(), r.value());
                    count++;
                    lastNanos = System.nanoTime();
                    Double e2e = a.getTimings().get("end_to_end");
                    if (e2e != null) {
                        latencies.put(a.getRequestId(), e2e);
                    }
                }
            }
            return lastNanos;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
