package io.difflens.app.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.difflens.answerer.AnswererService;
import io.difflens.answerer.AnswererSettings;
import io.difflens.featureextractor.ExtractorMode;
import io.difflens.featureextractor.ExtractorSettings;
import io.difflens.featureextractor.FeatureExtractorService;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.registry.RegistryClients;
import io.difflens.platform.registry.SchemaRegistryClient;

/**
 * The whole VQA pipeline in one JVM: the local stack (embedded broker and registry, topics provisioned) and
 * the services over one shared bundle, either {@code extractors} feature extractors plus one answerer, or
 * {@code extractors} co-located workers.
 */
public final class LocalPipeline implements AutoCloseable {

    /**
     * Which services run.
     *
     * @param extractors feature-extractor (or co-located) instances, at least 1
     * @param colocated  answer inside the extractors instead of a separate answerer
     */
    public record Layout(int extractors, boolean colocated) {
        public Layout {
            if (extractors < 1) {
                throw new IllegalArgumentException("a pipeline needs at least one extractor, got " + extractors);
            }
        }
    }

    private final LocalStack stack;
    private final PlatformConfig config;
    private final SchemaRegistryClient registry;
    private final List<AutoCloseable> services = new ArrayList<>();

    private LocalPipeline(LocalStack stack, PlatformConfig config, SchemaRegistryClient registry) {
        this.stack = stack;
        this.config = config;
        this.registry = registry;
    }

    /** Starts the stack only; add services with {@link #startServices}. */
    public static LocalPipeline startStack(Path dataDir, Map<String, String> overrides) {
        PlatformConfig provisional = PlatformConfig.from(values(overrides));
        LocalStack stack = LocalStack.start(dataDir, 0, 0, provisional.topics());
        try {
            Map<String, String> all = new LinkedHashMap<>(overrides);
            all.put("kafka.bootstrap.servers", stack.bootstrapServers());
            all.put("registry.url", stack.registryUrl());
            PlatformConfig config = PlatformConfig.from(values(all));
            return new LocalPipeline(stack, config, RegistryClients.from(config.registry()));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Starts the stack and the services of {@code layout} over {@code bundle}. */
    public static LocalPipeline start(Path dataDir, Map<String, String> overrides, ModelBundle bundle, Layout layout) {
        LocalPipeline p = startStack(dataDir, overrides);
        try {
            p.startServices(bundle, layout, ProcessorListener.NONE);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Starts the services of {@code layout}. */
    public void startServices(ModelBundle bundle, Layout layout, ProcessorListener listener) {
        ExtractorMode mode = layout.colocated() ? ExtractorMode.COLOCATED : ExtractorMode.FEATURES;
        for (int i = 0; i < layout.extractors(); i++) {
            services.add(FeatureExtractorService.start(config, registry, bundle,
                    ExtractorSettings.from(config.values(), mode), listener));
        }
        if (!layout.colocated()) {
            services.add(AnswererService.start(config, registry, bundle, AnswererSettings.from(config.values()),
                    listener));
        }
    }

    /** Configuration of the running stack (its bootstrap servers and registry). */
    public PlatformConfig config() {
        return config;
    }

    /** Client of the stack's registry. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    public String registryUrl() {
        return stack.registryUrl();
    }

    /** The configuration values of a local run: {@code overrides} plus what every local stack needs. */
    static ConfigValues values(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        // platform's TopicCatalog rejects its own FOREVER default for model.adapters unless set explicitly
        all.put("topics.model.adapters.retention", "forever");
        all.putAll(overrides);
        return ConfigValues.of(all, "local pipeline");
    }

    /** Stops the services (each finishes its batch), then the stack. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
        stack.close();
    }
}
