package io.difflens.app.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.Outcome;
import io.difflens.app.local.AnswerFeed;
import io.difflens.app.local.Bundles;
import io.difflens.app.local.LocalPipeline;
import io.difflens.app.local.ScratchDir;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.ingest.kafka.EventProducer;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AnswerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code difflens demo}: the whole system in one JVM. Starts the embedded broker and registry, the feature
 * extractor(s) and the answerer (or co-located workers) over {@code zoo/tiny} (a random micro bundle when it is
 * missing, said loudly), the evaluator and its dashboard, then streams a synthetic benchmark at a steady rate
 * and prints every answer with a running accuracy. With {@code --exit-when-done} the last stdout line is the
 * JSON summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline locally on a synthetic benchmark stream and print the answers.",
                "With --exit-when-done, the last line of stdout is one JSON object: requests, answered, rejected,",
                "failed, accuracy, throughput_rps, p50_ms, p99_ms."})
public final class DemoCommand implements Callable<Outcome> {

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200", description = "Requests to publish; default ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--exit-when-done", description = "Exit once every request has its answer, printing the JSON summary last.")
    boolean exitWhenDone;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "10", description = "Requests per second; default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--suite", paramLabel = "NAME", defaultValue = "synth-vqa", description = "Benchmark suite; default ${DEFAULT-VALUE}.")
    String suite;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Suite seed; default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Model bundle; default zoo/tiny, else a random micro bundle.")
    Path bundleDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker data and scratch files; default a fresh temporary folder.")
    Path dataDir;

    @Option(names = "--colocated", description = "Answer inside the feature extractors (no vqa.features hop).")
    boolean colocated;

    @Option(names = "--extractors", paramLabel = "K", defaultValue = "1", description = "Feature-extractor instances; default ${DEFAULT-VALUE}.")
    int extractors;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "8", description = "Micro-batch size; default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--no-dashboard", description = "Do not start the evaluator and its dashboard.")
    boolean noDashboard;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "With --exit-when-done, give up when no answer came for this long; default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Spec CommandSpec spec;

    @Override
    public Outcome call() throws Exception {
        if (requests < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("--requests must be >= 1 and --rate > 0, got " + requests + ", " + rate);
        }
        if (dataDir != null) {
            return run(dataDir);
        }
        try (ScratchDir scratch = ScratchDir.create("difflens-demo-")) {
            return run(scratch.path());
        }
    }

    private Outcome run(Path dir) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SuiteStream.SuiteName suiteName = SuiteStream.SuiteName.parse(suite);
        Suite<QuestionItem> items = SuiteStream.generate(suiteName, seed, requests);
        Map<String, String> expected = new LinkedHashMap<>();
        items.items().forEach(i -> expected.put(i.id(), i.answer()));
        Tally tally = new Tally(expected);

        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("processing.batch.size", Integer.toString(batchSize));
        overrides.put("processing.batch.max.wait", "50ms");
        err.println("difflens demo: starting the local stack in " + dir.toAbsolutePath());
        err.flush();
        try (ModelBundle bundle = Bundles.resolve(bundleDir, dir, err);
             LocalPipeline pipeline = LocalPipeline.startStack(dir.resolve("stack"), overrides);
             EvaluatorSidecar evaluator = noDashboard ? null : EvaluatorSidecar.start(pipeline, dir.resolve("evaluator"), err)) {
            pipeline.startServices(bundle, new LocalPipeline.Layout(extractors, colocated),
                    io.difflens.platform.reactive.ProcessorListener.NONE);
            err.println("difflens demo: bundle " + bundle.config().id() + " " + bundle.config().version() + ", "
                    + (colocated ? extractors + " co-located worker(s)" : extractors + " feature extractor(s) + 1 answerer")
                    + ", batch " + batchSize + ", " + requests + " " + suiteName.id() + " requests at " + rate + "/s");
            err.flush();
            CountDownLatch allDone = new CountDownLatch(1);
            long[] lastAnswerNanos = {System.nanoTime()};
            try (AnswerFeed feed = AnswerFeed.start(pipeline.config().kafka(), pipeline.registry(),
                    pipeline.config().topics().name(EventTopic.VQA_ANSWERS), true, a -> {
                        Tally.Scored s = tally.add(a);
                        lastAnswerNanos[0] = System.nanoTime();
                        print(out, s, tally, requests);
                        if (tally.done() >= requests) {
                            allDone.countDown();
                        }
                    });
                 EventProducer producer = new EventProducer(pipeline.config().kafka(), pipeline.config().topics(),
                         pipeline.registry(), "difflens-demo")) {
                long start = System.nanoTime();
                publish(producer, items, err);
                if (!exitWhenDone) {
                    err.println("difflens demo: all requests published; Ctrl-C to stop");
                    err.flush();
                    AwaitShutdown.blockUntilTerminated(() -> { });
                    return Outcome.OK;
                }
                while (!allDone.await(1, TimeUnit.SECONDS)) {
                    if (System.nanoTime() - lastAnswerNanos[0] > timeout.toNanos()) {
                        throw new IllegalStateException("no answer for " + timeout + "; " + tally.done() + " of "
                                + requests + " requests answered");
                    }
                }
                double seconds = (lastAnswerNanos[0] - start) / 1e9;
                DemoSummary summary = tally.summary(requests, seconds);
                if (tally.duplicates() > 0) {
                    err.println("difflens demo: " + tally.duplicates() + " duplicate answers seen");
                }
                out.println(summary.toJson());
                out.flush();
                return summary.answered() == requests ? Outcome.OK : Outcome.PARTIAL;
            }
        }
    }

    private void publish(EventProducer producer, Suite<QuestionItem> items, PrintWriter err) {
        long start = System.nanoTime();
        List<QuestionItem> list = items.items();
        for (int i = 0; i < list.size(); i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                }
            }
            QuestionItem item = list.get(i);
            producer.sendAsync(EventTopic.VQA_LABELS, item.id(), SuiteStream.label(items.name(), item));
            producer.sendAsync(EventTopic.VQA_REQUESTS, item.id(), SuiteStream.request(item, Instant.now()));
            if (System.console() != null) {
                err.print("\rpublished " + (i + 1) + "/" + list.size());
                err.flush();
            }
        }
        producer.flush();
        if (System.console() != null) {
            err.println();
        }
    }

    private static void print(PrintWriter out, Tally.Scored s, Tally tally, int requests) {
        if (s.duplicate()) {
            out.println("DUPLICATE " + s.answer().getRequestId());
            out.flush();
            return;
        }
        String mark = s.answer().getStatus() == AnswerStatus.OK ? (s.correct() ? "ok  " : "miss") : s.answer().getStatus().name();
        String text = s.answer().getStatus() == AnswerStatus.OK ? '"' + s.answer().getText() + '"' : s.answer().getError();
        out.println(String.format(Locale.ROOT, "[%d/%d] %-4s %s %s (expected \"%s\") acc=%.3f", tally.done(), requests,
                mark, s.answer().getRequestId(), text, s.expected(), tally.runningAccuracy()));
        out.flush();
    }
}
