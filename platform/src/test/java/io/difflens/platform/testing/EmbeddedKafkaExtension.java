package io.difflens.platform.testing;

import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link EmbeddedKafkaBroker} per test class.
 *
 * <p>Either declare it, and take the broker or a {@link KafkaTestKit} as a parameter of a test, a
 * lifecycle method or the constructor:
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class MyIT {
 *     @Test void works(KafkaTestKit kafka) { kafka.createTopic(KafkaTestKit.uniqueTopic("t"), 1); ... }
 * }
 * }</pre>
 * or register it in a static field and ask it directly:
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 * The broker starts before the first test of the class and is closed (its temporary data deleted) after
 * the last. Nested classes share their outer class's broker. Tests sharing a broker should use
 * {@link KafkaTestKit#uniqueTopic} and {@link KafkaTestKit#uniqueGroup} names.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
    private static final String BROKER = "broker";

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getStore(NAMESPACE).get(BROKER) != null) {
            return; // a nested class: the outer class's broker serves it
        }
        EmbeddedKafkaBroker started = EmbeddedKafkaBroker.builder().build().start();
        context.getStore(NAMESPACE).put(BROKER, started);
        context.getStore(NAMESPACE).put(this, context.getUniqueId());
        broker = started;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Only the context that started the broker closes it.
        if (context.getUniqueId().equals(context.getStore(NAMESPACE).get(this))) {
            EmbeddedKafkaBroker started = context.getStore(NAMESPACE).remove(BROKER, EmbeddedKafkaBroker.class);
            if (started != null) {
                started.close();
            }
            broker = null;
        }
    }

    /** The running broker (only between the class's before-all and after-all). */
    public EmbeddedKafkaBroker broker() {
        if (broker == null || !broker.isRunning()) {
            throw new IllegalStateException("the embedded broker runs only while the test class runs");
        }
        return broker;
    }

    /** The running broker's bootstrap servers. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Test helpers bound to the running broker. */
    public KafkaTestKit kit() {
        return KafkaTestKit.connect(bootstrapServers());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaTestKit.class || type == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedKafkaBroker running = extensionContext.getStore(NAMESPACE).get(BROKER, EmbeddedKafkaBroker.class);
        if (running == null) {
            throw new ParameterResolutionException("no embedded broker for " + extensionContext.getDisplayName()
                    + "; is EmbeddedKafkaExtension registered on the class?");
        }
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaTestKit.class ? KafkaTestKit.connect(running.bootstrapServers()) : running;
    }
}
