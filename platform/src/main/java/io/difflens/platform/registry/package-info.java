/**
 * The schema registry: a client of the Confluent schema-registry REST API and an embedded registry that
 * speaks the same API.
 *
 * <ul>
 *   <li>{@link io.difflens.platform.registry.SchemaRegistryClient} is what serdes use;
 *       {@link io.difflens.platform.registry.HttpSchemaRegistryClient} talks to any Confluent-compatible
 *       registry (Confluent, Karapace, Redpanda, Apicurio's ccompat API, ours) over {@code java.net.http}
 *       with basic or bearer credentials and JDK TLS, configured by
 *       {@link io.difflens.platform.registry.RegistryClientConfig} from Confluent's client keys;
 *       {@link io.difflens.platform.registry.InMemorySchemaRegistryClient} is an in-process registry for
 *       topology tests and benchmarks.</li>
 *   <li>{@link io.difflens.platform.registry.EmbeddedSchemaRegistry} serves the API (subjects, versions,
 *       ids, lookup, soft delete, config, compatibility) for the local stack, keeping its state in a
 *       compacted topic laid out like Confluent's {@code _schemas}. It is the only writer of that topic.</li>
 * </ul>
 *
 * <p>Schema identity is Avro's full JSON form, properties included: a generated class's schema (with
 * {@code avro.java.string}) and the bare {@code .avsc} get different ids, as in Confluent's registry.
 * difflens producers register the generated form.
 */
package io.difflens.platform.registry;
