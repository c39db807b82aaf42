package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.schemas.Turn;
import io.difflens.schemas.VqaAnswer;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our client against our server, on a real broker. {@link RegistryRawHttpIT} checks the raw API. */
class EmbeddedSchemaRegistryIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final String TOPIC = KafkaTestKit.uniqueTopic("_schemas");
    private static EmbeddedSchemaRegistry registry;
    private static HttpSchemaRegistryClient client;

    @BeforeAll
    static void start() {
        registry = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers()).topic(TOPIC).build().start();
        client = HttpSchemaRegistryClient.of(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static String subject(String name) {
        return KafkaTestKit.uniqueTopic(name) + "-value";
    }

    private static Schema record(String name, String... optionalFields) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(name).namespace("it").fields()
                .requiredString("id");
        for (String f : optionalFields) {
            fields = fields.optionalString(f);
        }
        return fields.endRecord();
    }

    @Test
    void registeringIsIdempotentAndIdsAreGlobalAcrossSubjects() {
        String a = subject("a");
        String b = subject("b");
        int id = client.register(a, record("Same"));

        assertThat(HttpSchemaRegistryClient.of(registry.url()).register(a, record("Same"))).isEqualTo(id);
        assertThat(client.register(b, record("Same"))).isEqualTo(id);
        assertThat(client.register(a, record("Same", "extra"))).isNotEqualTo(id);
        assertThat(client.versions(a)).containsExactly(1, 2);
        assertThat(client.versions(b)).containsExactly(1);
        assertThat(client.subjects()).contains(a, b);
    }

    @Test
    void versionsLatestLookupAndIdResolveTheSameSchema() {
        String s = subject("lookup");
        int v1 = client.register(s, record("L"));
        int v2 = client.register(s, record("L", "note"));

        assertThat(client.latest(s)).isEqualTo(new RegisteredSchema(s, 2, v2, record("L", "note")));
        assertThat(client.version(s, 1)).isEqualTo(new RegisteredSchema(s, 1, v1, record("L")));
        assertThat(client.lookup(s, record("L"))).isEqualTo(new RegisteredSchema(s, 1, v1, record("L")));
        assertThat(HttpSchemaRegistryClient.of(registry.url()).schemaById(v2)).isEqualTo(record("L", "note"));
    }

    @Test
    void generatedSchemasKeepTheirIdentityIncludingAvroJavaString() {
        String s = subject("generated");
        int id = client.register(s, VqaAnswer.getClassSchema());
        Schema fetched = HttpSchemaRegistryClient.of(registry.url()).schemaById(id);
        assertThat(fetched.toString()).isEqualTo(VqaAnswer.getClassSchema().toString()).contains("avro.java.string");
    }

    @Test
    void missingThingsAre404WithConfluentErrorCodes() {
        String s = subject("missing");
        assertThatThrownBy(() -> client.latest(s))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                });
        client.register(s, record("M"));
        assertThatThrownBy(() -> client.version(s, 99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
        assertThatThrownBy(() -> client.lookup(s, record("Other")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> client.schemaById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("987654");
    }

    @Test
    void anIncompatibleSchemaIsRefusedWith409UnderTheSubjectsLevel() {
        String s = subject("compat");
        client.register(s, record("C"));
        Schema required = SchemaBuilder.record("C").namespace("it").fields()
                .requiredString("id").requiredInt("count").endRecord();

        assertThat(client.compatibility(s)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.isCompatible(s, required)).isFalse();
        assertThat(client.isCompatible(s, record("C", "ok"))).isTrue();
        assertThatThrownBy(() -> client.register(s, required))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("count");

        client.setCompatibility(s, CompatibilityLevel.FORWARD);
        assertThat(client.compatibility(s)).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(client.register(s, required)).isPositive();
        assertThat(client.compatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void softDeletedSubjectsDisappearButTheirIdsStillResolve() {
        String s = subject("deleted");
        int id = client.register(s, record("D"));
        assertThat(client.deleteSubject(s)).containsExactly(1);

        assertThat(client.subjects()).doesNotContain(s);
        assertThatThrownBy(() -> client.versions(s))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThat(HttpSchemaRegistryClient.of(registry.url()).schemaById(id)).isEqualTo(record("D"));
        assertThat(client.register(s, record("D"))).isEqualTo(id);
        assertThat(client.versions(s)).as("version numbers are never reused").containsExactly(2);
    }

    @Test
    void stateIsWrittenToTheTopicLikeConfluentsSchemasTopic() throws Exception {
        String s = subject("layout");
        int id = client.register(s, Turn.getClassSchema());
        ObjectMapper json = new ObjectMapper();

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.kit().readCommittedBytes(TOPIC, Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> mine = records.stream()
                .filter(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8).contains("\"" + s + "\""))
                .findFirst().orElseThrow();
        assertThat(new String(mine.key(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"" + s + "\",\"version\":1,\"magic\":1}");
        JsonNode value = json.readTree(mine.value());
        assertThat(value.get("subject").asText()).isEqualTo(s);
        assertThat(value.get("version").asInt()).isEqualTo(1);
        assertThat(value.get("id").asInt()).isEqualTo(id);
        assertThat(new Schema.Parser().parse(value.get("schema").asText())).isEqualTo(Turn.getClassSchema());
        assertThat(value.get("deleted").asBoolean()).isFalse();
    }

    @Test
    void credentialsAreRequiredWhenConfigured() {
        RegistryCredentials basic = new RegistryCredentials.Basic("svc", "pw:with:colons");
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers())
                .topic(KafkaTestKit.uniqueTopic("_schemas-secured")).requireCredentials(basic).build().start()) {
            assertThatThrownBy(() -> HttpSchemaRegistryClient.of(secured.url()).subjects())
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(RegistryClientConfig.of(secured.url())
                    .withCredentials(new RegistryCredentials.Basic("svc", "wrong"))).subjects())
                    .isInstanceOf(SchemaRegistryException.class);
            HttpSchemaRegistryClient authorised =
                    new HttpSchemaRegistryClient(RegistryClientConfig.of(secured.url()).withCredentials(basic));
            assertThat(authorised.register("s-value", record("A"))).isPositive();
            assertThat(authorised.subjects()).containsExactly("s-value");

            // The serde takes the same credentials from Confluent's client keys.
            io.difflens.platform.serde.AvroSerde<Turn> serde = new io.difflens.platform.serde.AvroSerde<>();
            serde.configure(java.util.Map.of("schema.registry.url", secured.url(),
                    "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:pw:with:colons",
                    "specific.avro.reader", "true"), false);
            Turn turn = new Turn("human", "hello");
            assertThat(serde.deserializer().deserialize("chat", serde.serializer().serialize("chat", turn)))
                    .isEqualTo(turn);
            assertThat(authorised.subjects()).contains("chat-value");
            serde.close();
        }
        RegistryCredentials bearer = new RegistryCredentials.Bearer("t0ken");
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers())
                .topic(KafkaTestKit.uniqueTopic("_schemas-bearer")).requireCredentials(bearer).build().start()) {
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(RegistryClientConfig.of(secured.url())
                    .withCredentials(new RegistryCredentials.Bearer("other"))).subjects())
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
            assertThat(new HttpSchemaRegistryClient(RegistryClientConfig.of(secured.url()).withCredentials(bearer))
                    .subjects()).isEmpty();
        }
    }

    @Test
    void theClientFailsOverToTheNextUrl() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(
                java.util.Map.of("schema.registry.url", "http://127.0.0.1:1," + registry.url()));
        assertThat(new HttpSchemaRegistryClient(config).compatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    /**
     * A topic written by Confluent's registry (NOOP markers, a hard-deleted version as a tombstone, a
     * subject config) is read as Confluent would: the registry can take over an existing {@code _schemas}.
     */
    @Test
    void startsFromATopicWrittenByConfluentsRegistry() {
        String topic = KafkaTestKit.uniqueTopic("_schemas-confluent");
        String s = "legacy-value";
        String v1 = "{\"type\":\"record\",\"name\":\"Legacy\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        String v2 = "{\"type\":\"record\",\"name\":\"Legacy\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}";
        String key1 = "{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":1,\"magic\":1}";
        String key2 = "{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":2,\"magic\":1}";
        com.fasterxml.jackson.databind.node.ObjectNode value1 = new ObjectMapper().createObjectNode()
                .put("subject", s).put("version", 1).put("id", 100).put("schema", v1).put("deleted", false);
        com.fasterxml.jackson.databind.node.ObjectNode value2 = value1.deepCopy().put("version", 2).put("id", 101)
                .put("schema", v2);
        KAFKA.kit().createTopic(topic, 1, java.util.Map.of("cleanup.policy", "compact"));
        List<org.apache.kafka.clients.producer.ProducerRecord<String, String>> records = new java.util.ArrayList<>();
        records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "{\"keytype\":\"NOOP\",\"magic\":0}", null));
        records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key1, value1.toString()));
        records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key2, value2.toString()));
        records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key2, null));
        records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                "{\"keytype\":\"CONFIG\",\"subject\":\"legacy-value\",\"magic\":0}", "{\"compatibilityLevel\":\"NONE\"}"));
        KAFKA.kit().produce(records);

        try (EmbeddedSchemaRegistry taken = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers())
                .topic(topic).build().start()) {
            HttpSchemaRegistryClient over = HttpSchemaRegistryClient.of(taken.url());
            assertThat(over.versions(s)).containsExactly(1);
            assertThat(over.latest(s).id()).isEqualTo(100);
            assertThat(over.compatibility(s)).isEqualTo(CompatibilityLevel.NONE);
            int next = over.register(s, record("Unrelated"));
            assertThat(next).as("new ids continue after the highest id ever used").isEqualTo(102);
            assertThat(over.versions(s)).as("a hard-deleted version number is free again, as in Confluent").containsExactly(1, 2);
        }
    }

    @Test
    void anUnreachableRegistryIsAClearError() {
        RegistryClientConfig nowhere = RegistryClientConfig.of("http://127.0.0.1:1");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(nowhere).subjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_RESPONSE))
                .hasMessageContaining("127.0.0.1:1");
    }
}
