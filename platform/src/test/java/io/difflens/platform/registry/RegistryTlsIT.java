package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.KafkaTestKit;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS through the JDK: the client trusts the registry only through the configured truststore. */
class RegistryTlsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final String PASSWORD = "changeit";

    /** Runs the JDK's keytool: a real self-signed certificate for 127.0.0.1, no test-only crypto code. */
    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", command, output).isZero();
    }

    @Test
    void theClientTrustsTheRegistryThroughItsTruststore(@TempDir Path dir) throws Exception {
        keytool(dir, "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", "server.p12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool(dir, "-exportcert", "-alias", "registry", "-keystore", "server.p12", "-storepass", PASSWORD,
                "-rfc", "-file", "registry.pem");
        keytool(dir, "-importcert", "-noprompt", "-alias", "registry", "-file", "registry.pem",
                "-storetype", "PKCS12", "-keystore", "trust.p12", "-storepass", PASSWORD);

        KeyStore serverStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            serverStore.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverStore, PASSWORD.toCharArray());

        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers())
                .topic(KafkaTestKit.uniqueTopic("_schemas-tls")).tls(keys).build().start()) {
            assertThat(registry.url()).startsWith("https://");

            assertThatThrownBy(() -> HttpSchemaRegistryClient.of(registry.url()).subjects())
                    .as("the JDK's default trust does not know a self-signed certificate")
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_RESPONSE));

            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryClientConfig.fromConfigs(Map.of(
                    "schema.registry.url", registry.url(),
                    "schema.registry.ssl.truststore.location", dir.resolve("trust.p12").toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD,
                    "schema.registry.ssl.truststore.type", "PKCS12")));
            int id = client.register("tls-value", SchemaBuilder.record("T").fields().requiredInt("x").endRecord());
            assertThat(client.schemaById(id).getName()).isEqualTo("T");
        }
    }
}
